namespace Modelplane.Client.Contracts;

/// <summary>How an endpoint's traffic is watched for drift.</summary>
/// <param name="Enabled">False: no windows are counted.</param>
/// <param name="WindowRows">Rows per live window; null to close windows by time only.</param>
/// <param name="WindowDuration">Longest a window stays open (<c>30m</c>, <c>1h</c>, <c>1d</c>); null to close by rows only.</param>
/// <param name="ConsecutiveWindows">Drifting windows in a row before a drift alert fires.</param>
/// <param name="Thresholds">The drift thresholds in effect.</param>
/// <param name="UpdatedBy">Who set them; null while the defaults apply.</param>
public sealed record MonitoringSettingsDto(
    string Endpoint, bool Enabled, long? WindowRows, string? WindowDuration, int ConsecutiveWindows, DriftThresholdsDto Thresholds, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/monitoring</c>; a missing field keeps its current value.</summary>
/// <param name="WindowRows">Rows per window (at least 1); 0 is refused; use <see cref="ClearWindowRows"/> to close by time only.</param>
/// <param name="WindowDuration"><c>30m</c>, <c>1h</c>, <c>1d</c> (1 s to 30 d).</param>
public sealed record SetMonitoringRequest(
    bool? Enabled = null, long? WindowRows = null, string? WindowDuration = null, int? ConsecutiveWindows = null, DriftThresholdsDto? Thresholds = null,
    bool ClearWindowRows = false, bool ClearWindowDuration = false);

/// <summary>The levels that turn drift statistics into verdicts; a missing field takes its default.</summary>
/// <param name="PsiWarning">PSI at or above which a feature warns (default 0.1).</param>
/// <param name="PsiAlert">PSI at or above which a feature drifts (default 0.25).</param>
/// <param name="PValueAlpha">Significance of the KS and chi-square tests before the correction for the number of features (default 0.05).</param>
/// <param name="MinRows">Fewest rows a window needs to be judged (default 100).</param>
/// <param name="Features">Per-feature PSI levels, by feature name.</param>
public sealed record DriftThresholdsDto(
    double? PsiWarning = null, double? PsiAlert = null, double? PValueAlpha = null, double? MissingRateWarning = null, double? MissingRateAlert = null,
    long? MinRows = null, IReadOnlyDictionary<string, FeatureThresholdsDto>? Features = null);

/// <summary>PSI levels of one feature.</summary>
public sealed record FeatureThresholdsDto(double PsiWarning, double PsiAlert);

/// <summary>The drift of one version on an endpoint: what is counted now and its latest closed windows.</summary>
/// <param name="Monitored">True while the version's requests are counted (it has a reference profile and monitoring is on).</param>
/// <param name="OpenWindowRows">Rows in the open window (this server only).</param>
/// <param name="Windows">The latest closed windows, newest first.</param>
public sealed record VersionDriftDto(string Model, int Version, bool Monitored, long OpenWindowRows, DateTimeOffset? OpenSince, IReadOnlyList<DriftWindowDto> Windows);

/// <summary>An endpoint's drift, version by version.</summary>
public sealed record EndpointDriftDto(string Endpoint, MonitoringSettingsDto Settings, IReadOnlyList<VersionDriftDto> Versions);

/// <summary>One closed live window compared with its version's reference profile.</summary>
/// <param name="Verdict"><c>insufficient_data</c>, <c>stable</c>, <c>warning</c> or <c>drift</c>.</param>
/// <param name="Streak">Drifting windows in a row ending with this one.</param>
/// <param name="Features">Every feature and output, most drifted first.</param>
public sealed record DriftWindowDto(
    long Id, string Model, int Version, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Rows, string Verdict, int Streak, IReadOnlyList<FeatureDriftDto> Features);

/// <summary>The drift statistics of one feature or output in one window; a statistic that does not apply is null.</summary>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="Bins">The bins (numeric: value ranges; categorical: categories and <c>other</c>) with each side's share.</param>
public sealed record FeatureDriftDto(
    string Name, string Kind, bool IsOutput, string Verdict, string? Reason, double? Psi, double? KsStatistic, double? KsPValue, double? Wasserstein,
    double? JensenShannon, double? ChiSquare, double? ChiSquarePValue, double ReferenceMissingRate, double LiveMissingRate, IReadOnlyList<DriftBinDto>? Bins);

/// <summary>One bin of a feature: its label and the share of the reference's and the window's values in it.</summary>
public sealed record DriftBinDto(string Label, double Reference, double Live);

/// <summary>A model's retraining webhook, fired on sustained drift or a quality breach.</summary>
/// <param name="Cooldown">Least time between two firings, e.g. <c>1d</c>.</param>
/// <param name="HasSecret">Bodies are signed (<c>X-Modelplane-Signature: sha256=HEX</c>).</param>
public sealed record RetrainingTriggerDto(
    string Model, string Url, bool HasSecret, string Cooldown, DateTimeOffset? LastFiredAt, string? LastError, long Fired, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>Body of <c>PUT /api/v1/models/{name}/retraining</c>.</summary>
/// <param name="Cooldown">Least time between two firings (default <c>1d</c>; 1m to 90d).</param>
public sealed record SetRetrainingRequest(string Url, string? Cooldown = null, string? Secret = null);

/// <summary>What a retraining webhook receives.</summary>
/// <param name="Reason"><c>drift</c> or <c>model-quality</c>, and why in words.</param>
/// <param name="TrainingData">The version's training-data lineage: the reference profile's data digest, and the run and its inputs when recorded.</param>
/// <param name="LiveWindowExport">Where to download the live window's logged requests (the inference log, filtered to the window).</param>
public sealed record RetrainingRequestDto(
    string Workspace, string Model, int Version, string Endpoint, string Kind, string Reason, TrainingDataDto TrainingData, DriftWindowRefDto Window,
    string LiveWindowExport, string Lineage);

/// <summary>The training-data lineage a retraining request carries (each part null when not recorded).</summary>
/// <param name="DatasetUri">The training dataset the version's lineage names.</param>
/// <param name="DatasetSha256">Its digest, as recorded at push.</param>
/// <param name="ReferenceDataDigest">sha256 of the data the reference profile was computed from.</param>
/// <param name="RunId">The tracking run that produced the version.</param>
public sealed record TrainingDataDto(string? DatasetUri, string? DatasetSha256, string? ReferenceDataDigest, string? RunId);

/// <summary>A window a notification refers to.</summary>
public sealed record DriftWindowRefDto(long Id, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Rows);

/// <summary>
/// What a drift or model-quality alert says beyond the alert itself: the version, the window, the features that drifted
/// most with their statistics (drift) or the quality figures (model-quality), and links.
/// </summary>
/// <param name="Kind"><c>drift</c> or <c>model-quality</c>.</param>
/// <param name="ReferenceDataDigest">The digest of the data the version's reference profile came from.</param>
/// <param name="Lineage">The version's lineage (absolute URL).</param>
/// <param name="WindowUrl">The window's drift report (absolute URL).</param>
public sealed record MonitoringAlertDetailDto(
    string Kind, string Model, int Version, DriftWindowRefDto Window, int ConsecutiveWindows, string Summary, IReadOnlyList<FeatureDriftDto> Features,
    string? ReferenceDataDigest, string Lineage, string WindowUrl);

/// <summary>An endpoint's model quality window by window: realised from labels where they arrived, estimated from confidence.</summary>
/// <param name="MinCoverage">The label coverage from which realised quality is trusted over the estimate.</param>
public sealed record EndpointQualityDto(string Endpoint, double MinCoverage, IReadOnlyList<WindowQualityDto> Windows);

/// <summary>The quality of one version over one closed window.</summary>
/// <param name="Labeled">Logged predictions of the window that have a label.</param>
/// <param name="Coverage">Labeled ÷ rows.</param>
/// <param name="LabelDelaySeconds">Median time from prediction to label; null without labels.</param>
/// <param name="Realised">From the labels; null without labels.</param>
/// <param name="Estimated">From calibrated confidence (classifiers with probabilities); null otherwise.</param>
/// <param name="Source">Which the quality objective uses: <c>realised</c> (coverage at least <see cref="EndpointQualityDto.MinCoverage"/>), <c>estimated</c>, or <c>none</c>.</param>
public sealed record WindowQualityDto(
    long WindowId, string Model, int Version, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Rows, long Labeled, double Coverage, double? LabelDelaySeconds,
    QualityFiguresDto? Realised, QualityFiguresDto? Estimated, string Source);

/// <summary>Quality figures; those that do not apply (or are undefined, e.g. AUC with one class) are null.</summary>
/// <param name="Task"><c>classification</c> or <c>regression</c>.</param>
public sealed record QualityFiguresDto(
    string Task, long Rows, double? Accuracy = null, double? Precision = null, double? Recall = null, double? F1 = null, double? RocAuc = null, double? LogLoss = null,
    double? MeanAbsoluteError = null, double? RootMeanSquaredError = null, double? RSquared = null);
