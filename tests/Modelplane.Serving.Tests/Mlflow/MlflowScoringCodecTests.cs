using System.Text;
using Modelplane.Serving.Mlflow;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Mlflow;

/// <summary>Every MLflow input format gives exactly the OIP path's predictions for the same lr rows.</summary>
public sealed class MlflowScoringCodecTests(LrModel lr)
{
    private static readonly string[] FeatureNames = LoadFeatureNames();

    [Fact]
    public void Decode_InputsListOfRows_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner, $$"""{"inputs": {{Scoring.Rows(lr, 0, 200)}} }""");

        Scoring.AssertEqualsOip(lr, response, 0, 200);
    }

    [Fact]
    public void Decode_InstancesListOfRows_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner, $$"""{"instances": {{Scoring.Rows(lr, 10, 5)}} }""");

        Scoring.AssertEqualsOip(lr, response, 10, 5);
    }

    [Fact]
    public void Decode_DataframeSplitWithFeatureNames_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner,
            $$"""{"dataframe_split": {"columns": {{Scoring.Names(FeatureNames)}}, "index": [0,1,2], "data": {{Scoring.Rows(lr, 20, 3)}} } }""");

        Scoring.AssertEqualsOip(lr, response, 20, 3);
    }

    [Fact]
    public void Decode_DataframeSplitDataBeforeColumns_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner,
            $$"""{"dataframe_split": {"data": {{Scoring.Rows(lr, 30, 4)}}, "columns": {{Scoring.Names(FeatureNames)}} } }""");

        Scoring.AssertEqualsOip(lr, response, 30, 4);
    }

    [Fact]
    public void Decode_DataframeSplitWithoutColumns_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner, $$"""{"dataframe_split": {"data": {{Scoring.Rows(lr, 40, 2)}} } }""");

        Scoring.AssertEqualsOip(lr, response, 40, 2);
    }

    [Fact]
    public void Decode_DataframeRecordsInAnyKeyOrder_PredictionsEqualOipPath()
    {
        var records = Enumerable.Range(50, 3).Select(r =>
        {
            var cells = FeatureNames.Select((name, f) => $"\"{name}\": {Scoring.Number(lr.Rows[r][f])}");
            return "{" + string.Join(",", r == 51 ? cells.Reverse() : cells) + "}";
        });
        using var response = Scoring.Score(lr.Runner, $$"""{"dataframe_records": [{{string.Join(",", records)}}]}""");

        Scoring.AssertEqualsOip(lr, response, 50, 3);
    }

    [Fact]
    public void Decode_InputsObjectOfFeatureColumns_PredictionsEqualOipPath()
    {
        var columns = FeatureNames.Select((name, f) =>
            $"\"{name}\": [{string.Join(",", Enumerable.Range(60, 4).Select(r => Scoring.Number(lr.Rows[r][f])))}]");
        using var response = Scoring.Score(lr.Runner, $$"""{"inputs": { {{string.Join(",", columns)}} } }""");

        Scoring.AssertEqualsOip(lr, response, 60, 4);
    }

    [Fact]
    public void Decode_InputsObjectKeyedByInputName_PredictionsEqualOipPath()
    {
        using var response = Scoring.Score(lr.Runner, $$"""{"inputs": {"input": {{Scoring.Rows(lr, 70, 3)}} }, "params": {"anything": 1} }""");

        Scoring.AssertEqualsOip(lr, response, 70, 3);
    }

    [Fact]
    public void Decode_InstancesRecordsKeyedByInputName_PredictionsEqualOipPath()
    {
        var records = Enumerable.Range(80, 2).Select(r => $$"""{"input": {{Scoring.Row(lr.Rows[r])}} }""");
        using var response = Scoring.Score(lr.Runner, $$"""{"instances": [{{string.Join(",", records)}}]}""");

        Scoring.AssertEqualsOip(lr, response, 80, 2);
    }

    [Fact]
    public void Decode_CsvWithHeader_PredictionsEqualOipPath()
    {
        var csv = new StringBuilder(string.Join(",", FeatureNames.Select(n => $"\"{n}\""))).Append("\r\n");
        foreach (var row in lr.Rows.Skip(90).Take(5))
        {
            csv.Append(string.Join(",", row.Select(Scoring.Number))).Append("\r\n");
        }
        using var response = Scoring.Score(lr.Runner, csv.ToString(), MlflowContent.Csv);

        Scoring.AssertEqualsOip(lr, response, 90, 5);
    }

    [Fact]
    public void Decode_CsvWithoutHeader_PredictionsEqualOipPath()
    {
        var csv = string.Join("\n", lr.Rows.Skip(100).Take(3).Select(row => string.Join(",", row.Select(Scoring.Number))));
        using var response = Scoring.Score(lr.Runner, csv, MlflowContent.Csv);

        Scoring.AssertEqualsOip(lr, response, 100, 3);
    }

    private static string[] LoadFeatureNames()
    {
        using var samples = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "samples.json")));
        return [.. samples.RootElement.GetProperty("feature_names").EnumerateArray().Select(n => n.GetString()!)];
    }
}
