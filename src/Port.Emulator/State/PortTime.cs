namespace Port.Emulator.State;

/// <summary>Timestamps as Port writes them: UTC, milliseconds, <c>Z</c>.</summary>
public static class PortTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Now(TimeProvider clock) => clock.GetUtcNow().ToString(Format, System.Globalization.CultureInfo.InvariantCulture);
}
