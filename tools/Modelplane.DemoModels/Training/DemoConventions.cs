namespace Modelplane.DemoModels.Training;

/// <summary>What every demo model records the same way: the held-out split and its registry tags.</summary>
internal static class DemoConventions
{
    public const int HoldOutEvery = 5;

    public static string HeldOutDescription(int test, int total) =>
        $"every {HoldOutEvery}th data row of the CSV (rows 0, 5, 10, ... after the first line): {test} of {total} rows, not used in training";

    public static Dictionary<string, string> Tags(string task, string dataset, string trainer) => new()
    {
        ["task"] = task,
        ["dataset"] = dataset,
        ["framework"] = "ml.net",
        ["trainer"] = trainer,
        ["demo"] = "true",
    };
}
