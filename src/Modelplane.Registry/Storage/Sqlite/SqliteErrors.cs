using Microsoft.Data.Sqlite;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Extended SQLite result codes for the constraint failures the stores translate.</summary>
internal static class SqliteErrors
{
    private const int ConstraintCheck = 275;
    private const int ConstraintForeignKey = 787;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;
    private const int ConstraintTrigger = 1811;

    public static bool IsDuplicateKey(SqliteException e) =>
        e.SqliteExtendedErrorCode is ConstraintPrimaryKey or ConstraintUnique;

    public static bool IsCheckFailure(SqliteException e) => e.SqliteExtendedErrorCode == ConstraintCheck;

    /// <summary>A foreign key failed, or a trigger of migration 0006 refused a reference to a soft-deleted version.</summary>
    public static bool IsMissingReference(SqliteException e) => e.SqliteExtendedErrorCode == ConstraintForeignKey || IsDeletedReference(e);

    /// <summary>A trigger of migration 0006 refused a write that would use a soft-deleted version or model.</summary>
    public static bool IsDeletedReference(SqliteException e) => e.SqliteExtendedErrorCode == ConstraintTrigger;
}
