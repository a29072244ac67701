using Cocoa.Sdk.Simulation.Detection;
using ScottPlot;

namespace Cocoa.Cli.Commands;

/// <summary>The PNG plots of <c>cocoa simulate sweep</c> (ScottPlot).</summary>
internal static class SimulationPlots
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>Share-weighted detection rate against distance, one line per duration.</summary>
    public static void DetectionVersusDistance(string path, string configName, DetectionSweepResult result)
    {
        var plot = new Plot();
        double[] xs = [.. result.Options.DistancesMetres];
        foreach (int minutes in result.Options.Minutes)
        {
            double[] ys = [.. xs.Select(d => result.Get(d, minutes).GetRate(0) * 100)];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = $"{minutes} min";
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }

        plot.Title($"{configName}: detection rate against distance ({result.Options.TrialsPerPair} trials per pair and point)");
        plot.XLabel("distance (m)");
        plot.YLabel("detected (%, share-weighted over device pairs)");
        plot.Axes.SetLimits(0, xs.Max() + 0.25, 0, 100);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Detection rate at 1 m for 15 minutes per device pair, beside COCOA's published figures.</summary>
    public static void Pairs(string path, string configName, DetectionEstimate point, IReadOnlyDictionary<string, double> published)
    {
        var plot = new Plot();
        string[] labels = [.. point.Pairs.Select(p => p.Pair.Name), "all (share-weighted)"];
        double[] sdk = [.. point.Pairs.Select(p => p.GetRate(0) * 100), point.GetRate(0) * 100];
        double[] cocoa = [.. point.Pairs.Select(p => published[p.Pair.Name] * 100), published["all"] * 100];
        Color sdkColor = Colors.SteelBlue, cocoaColor = Colors.DarkOrange;
        var bars = new List<Bar>();
        for (int i = 0; i < labels.Length; i++)
        {
            bars.Add(new Bar { Position = (i * 3) + 0.6, Value = sdk[i], FillColor = sdkColor, Label = $"{sdk[i]:0}" });
            bars.Add(new Bar { Position = (i * 3) + 1.4, Value = cocoa[i], FillColor = cocoaColor, Label = $"{cocoa[i]:0}" });
        }

        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. labels.Select((_, i) => (i * 3) + 1.0)], labels);
        plot.Axes.SetLimits(-0.5, (labels.Length * 3) - 0.5, 0, 105);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"this SDK ({configName})", FillColor = sdkColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "COCOA published (cocoa-v2)", FillColor = cocoaColor });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("1 m for 15 minutes: detected (%) by device pair");
        plot.YLabel("detected (%)");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Missed close contacts against notified other contacts for every rule of the sweep, COCOA v1 and v2 marked.</summary>
    public static void TradeOff(string path, DetectionSweepResult result, string configName)
    {
        var plot = new Plot();
        IReadOnlyList<DetectionRule> rules = result.Options.Rules;
        int[] cuts = [.. Enumerable.Range(0, rules.Count).Where(i => rules[i].Name.StartsWith("cut-", StringComparison.Ordinal))];
        double[] cx = [.. cuts.Select(i => result.GetTradeOff(i).NotifiedNotClose * 100)];
        double[] cy = [.. cuts.Select(i => result.GetTradeOff(i).MissedClose * 100)];
        var cutLine = plot.Add.Scatter(cx, cy);
        cutLine.LegendText = "hard cut: >= 15 min at or under the threshold";
        cutLine.MarkerSize = 7;
        for (int k = 0; k < cuts.Length; k++)
        {
            var label = plot.Add.Text($"{rules[cuts[k]].Name["cut-".Length..]} dB", cx[k] + 0.8, cy[k] + 1.5);
            label.LabelFontSize = 11;
        }

        (string Name, Color Color, MarkerShape Shape)[] marked =
        [
            ("cocoa-v2", Colors.Red, MarkerShape.FilledDiamond),
            ("cocoa-v1", Colors.Green, MarkerShape.FilledSquare),
        ];
        var names = marked.Select(m => m.Name).ToList();
        if (!names.Contains(configName))
        {
            marked = [.. marked, (configName, Colors.Purple, MarkerShape.FilledTriangleUp)];
        }

        foreach ((string name, Color color, MarkerShape shape) in marked)
        {
            int index = Enumerable.Range(0, rules.Count).First(i => rules[i].Name == name);
            (double missed, double notified) = result.GetTradeOff(index);
            var point = plot.Add.Marker(notified * 100, missed * 100, shape, 14, color);
            point.LegendText = name;
        }

        plot.Title("Trade-off: missed close contacts against notified other contacts");
        plot.XLabel("notified: contacts at >= 2 m or shorter than 15 min (%)");
        plot.YLabel("missed: contacts at <= 1.5 m for >= 15 min (%)");
        double[] all = [.. Enumerable.Range(0, rules.Count).SelectMany(i => new[] { result.GetTradeOff(i).MissedClose, result.GetTradeOff(i).NotifiedNotClose })];
        double limit = Math.Min(100, Math.Ceiling(((all.Where(double.IsFinite).DefaultIfEmpty(0).Max() * 100) + 10) / 10) * 10);
        plot.Axes.SetLimits(0, limit, 0, limit);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }
}
