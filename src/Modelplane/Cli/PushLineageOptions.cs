using System.CommandLine;
using Modelplane.Client;

namespace Modelplane.Cli;

/// <summary>The training-provenance options of <c>models push</c>: params, dataset, code, run, parents and creator.</summary>
internal sealed class PushLineageOptions
{
    private readonly Option<string[]> _params = new("--param") { Description = "A training parameter, repeatable", HelpName = "KEY=VALUE" };
    private readonly Option<string?> _dataset = new("--dataset") { Description = "Training dataset URI or path; a local file's SHA-256 is computed when --dataset-sha256 is not given", HelpName = "URI" };
    private readonly Option<string?> _datasetSha256 = new("--dataset-sha256") { Description = "SHA-256 of the training dataset", HelpName = "HEX" };
    private readonly Option<string?> _codeRepo = new("--code-repo") { Description = "Repository of the training code", HelpName = "URL" };
    private readonly Option<string?> _codeCommit = new("--code-commit") { Description = "Commit of the training code", HelpName = "SHA" };
    private readonly Option<string?> _runId = new("--run-id") { Description = "Training run id (e.g. an MLflow run)", HelpName = "ID" };
    private readonly Option<int[]> _parents = new("--parent") { Description = "A version of this model this one derives from, repeatable", HelpName = "N" };
    private readonly Option<string?> _createdBy = new("--created-by") { Description = "Who pushes (defaults to $USER)", HelpName = "NAME" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _params, _dataset, _datasetSha256, _codeRepo, _codeCommit, _runId, _parents, _createdBy })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Copies the parsed values onto <paramref name="options"/>, hashing a local dataset file when no digest was given.</summary>
    /// <exception cref="UsageException">A param is malformed or a parent is not a positive number.</exception>
    public async Task<PushOptions> ApplyAsync(ParseResult parse, CliEnvironment env, PushOptions options, CancellationToken ct)
    {
        var parents = parse.GetValue(_parents) ?? [];
        foreach (var bad in parents.Where(p => p < 1))
        {
            throw new UsageException($"--parent {bad} is not a positive version number.");
        }

        var dataset = parse.GetValue(_dataset);
        var datasetSha256 = parse.GetValue(_datasetSha256);
        if (datasetSha256 is null && dataset is not null && File.Exists(dataset))
        {
            datasetSha256 = await FileDigest.Sha256HexAsync(dataset, ct);
        }

        return options with
        {
            Params = KeyValueArguments.ParseParams(parse.GetValue(_params) ?? []),
            DatasetUri = dataset,
            DatasetSha256 = datasetSha256,
            CodeRepository = parse.GetValue(_codeRepo),
            CodeCommit = parse.GetValue(_codeCommit),
            RunId = parse.GetValue(_runId),
            Parents = parents,
            CreatedBy = parse.GetValue(_createdBy) ?? env.GetVariable("USER"),
        };
    }
}
