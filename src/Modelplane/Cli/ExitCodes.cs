namespace Modelplane.Cli;

/// <summary>The process exit codes of <c>modelplane</c>; scripts rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The server answered with an error (unknown model, duplicate endpoint, bad input).</summary>
    public const int ApiError = 1;

    /// <summary><c>audit verify</c> found a broken link in the audit chain (the same value as <see cref="ApiError"/>).</summary>
    public const int AuditChainBroken = 1;

    /// <summary>The command line itself is wrong: unknown option, bad <c>k=v</c>, missing file.</summary>
    public const int Usage = 2;

    /// <summary>No server answered at the given URL.</summary>
    public const int Unreachable = 3;
}
