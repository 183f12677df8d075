namespace Modelplane.Serving.Logging;

/// <summary>How a served request's body was encoded, so <see cref="LoggedRequest"/> knows where its inputs are.</summary>
public enum RequestFormat
{
    /// <summary>An Open Inference Protocol JSON body: <c>{"inputs":[{"name","shape","datatype","data"}], ...}</c>.</summary>
    OipJson,

    /// <summary>The OIP binary tensor data extension: a JSON header of a known length, then raw tensor bytes.</summary>
    OipBinary,

    /// <summary>An MLflow scoring JSON body: <c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>.</summary>
    MlflowJson,

    /// <summary>An MLflow scoring <c>text/csv</c> body with a header row.</summary>
    MlflowCsv,
}
