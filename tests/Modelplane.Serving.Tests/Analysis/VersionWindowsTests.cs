using Modelplane.Serving.Analysis;

namespace Modelplane.Serving.Tests.Analysis;

/// <summary>The registry of windows keyed by endpoint, model and version.</summary>
public sealed class VersionWindowsTests
{
    [Fact]
    public void GetOrAdd_SameKeyTwice_ReturnsSameWindow()
    {
        var windows = new VersionWindows(capacity: 16);

        var first = windows.GetOrAdd("churn", "churn", 2);

        Assert.Same(first, windows.GetOrAdd("churn", "churn", 2));
        Assert.NotSame(first, windows.GetOrAdd("churn", "churn", 1));
        Assert.Equal(16, first.Capacity);
    }

    [Fact]
    public void TryGet_NeverAdded_ReturnsFalse()
    {
        var windows = new VersionWindows();
        windows.GetOrAdd("churn", "churn", 1);

        Assert.False(windows.TryGet("churn", "churn", 2, out _));
        Assert.False(windows.TryGet("Churn", "churn", 1, out _));
        Assert.True(windows.TryGet("churn", "churn", 1, out var window));
        Assert.NotNull(window);
    }

    [Fact]
    public void Remove_Endpoint_DropsOnlyThatEndpointsWindows()
    {
        var windows = new VersionWindows();
        windows.GetOrAdd("churn", "churn", 1);
        windows.GetOrAdd("churn", "churn", 2);
        var other = windows.GetOrAdd("fraud", "churn", 1);

        windows.Remove("churn");

        Assert.False(windows.TryGet("churn", "churn", 1, out _));
        Assert.False(windows.TryGet("churn", "churn", 2, out _));
        Assert.True(windows.TryGet("fraud", "churn", 1, out var kept));
        Assert.Same(other, kept);
    }
}
