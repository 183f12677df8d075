using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Monitoring.Profiles;

/// <summary>
/// Computes a version's reference profile: reads the training sample, runs it through the version's runner in batches
/// (offline, beside live traffic, never through a route) and stores the profile with the version.
/// </summary>
internal sealed class ReferenceProfiles(IReferenceProfileStore store, ServingTable table, TimeProvider time)
{
    /// <summary>Profiles <paramref name="data"/> for <paramref name="version"/> and stores the result, replacing any earlier profile.</summary>
    /// <param name="version">The version to profile.</param>
    /// <param name="data">The file's bytes, read to the end.</param>
    /// <param name="format"><c>csv</c> or <c>parquet</c>.</param>
    /// <param name="labelColumn">The column with the true labels (not a feature), or null.</param>
    /// <param name="ct">Cancels the work.</param>
    /// <exception cref="ProfileDataException">The data cannot be read or does not fit the signature.</exception>
    /// <exception cref="Serving.InferenceRequestException">The model refused the data.</exception>
    public async Task<ReferenceProfile> CreateAsync(ModelVersion version, Stream data, string format, string? labelColumn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        var sample = await ProfileTableReader.ReadAsync(data, format, ct).ConfigureAwait(false);
        var names = sample.Columns.Select(c => c.Name).ToList();
        ProfileColumn? labels = null;
        if (labelColumn is not null)
        {
            labels = sample.Find(labelColumn) ?? throw new ProfileDataException(
                $"Unknown label column '{labelColumn}': the data's columns are {Quoted(names)}.");
            names.Remove(labelColumn);
        }

        var layout = FeatureLayout.For(version.Signature, names, $"{version.Model}@{version.Version.ToString(CultureInfo.InvariantCulture)}");
        var features = ReferenceProfiler.FeatureColumns(layout, sample);

        // The cache's runner, loaded like any control-path load (within the memory budget, at most once per version).
        var runner = await table.PreloadAsync(version, ct).ConfigureAwait(false);
        var outputs = await ProfileRunner.RunAsync(runner, layout, features, time, ct).ConfigureAwait(false);
        var result = ReferenceProfiler.Profile(layout, features, outputs, labels);
        var profile = new ReferenceProfile(version.Model, version.Version, result.Profile, sample.Digest, sample.Format, time.GetUtcNow())
        {
            LabelColumn = labelColumn,
            Calibration = result.Calibration,
        };
        await store.SaveAsync(profile, ct).ConfigureAwait(false);
        return profile;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Take(40).Select(n => $"'{n}'"));
}
