namespace Modelplane.Registry.Tests.Storage;

public sealed class SqliteModelStoreTests : ModelStoreContractTests<SqliteStoreFixture>;

public sealed class SqliteEndpointStoreTests : EndpointStoreContractTests<SqliteStoreFixture>;
