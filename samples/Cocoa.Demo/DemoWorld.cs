using System.Globalization;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.Demo;

/// <summary>The simulated world's geometry and clock, shared by the built-in week and scenario files.</summary>
internal static class DemoWorld
{
    /// <summary>How far the simulated clock moves per step while phones are running (timers fire within this).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>Each gathering has its own venue, a kilometre from every other and from every home.</summary>
    public static Position Venue(int gathering) => new(100_000 + (gathering * 1_000), 100_000);

    /// <summary>A spot given relative to a venue's corner, in the air's coordinates.</summary>
    public static Position Offset(Position origin, Position spot) => new(origin.X + spot.X, origin.Y + spot.Y);

    /// <summary>A time as people in Japan read it.</summary>
    public static string Describe(DateTimeOffset time) => time.ToOffset(Scenario.Jst).ToString("ddd HH:mm 'JST'", CultureInfo.InvariantCulture);

    /// <summary>Moves the clock to <paramref name="target"/> in <see cref="Step"/>s (so every radio timer fires near its due time).</summary>
    /// <param name="clock">The simulated clock.</param>
    /// <param name="target">Where to stop.</param>
    /// <param name="hourly">Called with the time about once per simulated hour (progress display), or <see langword="null"/>.</param>
    public static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset target, Action<DateTimeOffset>? hourly = null)
    {
        DateTimeOffset lastReport = clock.GetUtcNow();
        while (clock.GetUtcNow() < target)
        {
            TimeSpan step = target - clock.GetUtcNow() < Step ? target - clock.GetUtcNow() : Step;
            clock.Advance(step);
            if (hourly is not null && clock.GetUtcNow() - lastReport >= TimeSpan.FromHours(1))
            {
                lastReport = clock.GetUtcNow();
                hourly(lastReport);
            }
        }
    }

    /// <summary>Moves the clock on by <paramref name="span"/>.</summary>
    public static void Advance(FakeTimeProvider clock, TimeSpan span) => AdvanceTo(clock, clock.GetUtcNow() + span);
}
