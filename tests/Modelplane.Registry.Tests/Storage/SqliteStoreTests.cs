namespace Modelplane.Registry.Tests.Storage;

public sealed class SqliteModelStoreTests : ModelStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteEndpointStoreTests : EndpointStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteAliasStoreTests : AliasStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteVersionMetadataStoreTests : VersionMetadataStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteVersionLineageTests : VersionLineageContractTests<SqliteStoreFixture>;

public sealed class SqliteModelSearchTests : ModelSearchContractTests<SqliteStoreFixture>;

public sealed class SqliteRegisteredModelStoreTests : RegisteredModelStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteModelImportStoreTests : ModelImportStoreContractTests<SqliteStoreFixture>;
public sealed class SqliteModelLifecycleStoreTests : ModelLifecyclePurgeContractTests<SqliteStoreFixture>;
public sealed class SqliteModelSearchPagingTests : ModelSearchPagingContractTests<SqliteStoreFixture>;
public sealed class SqliteVersionExecutionStoreTests : VersionExecutionStoreContractTests<SqliteStoreFixture>;
