namespace Port.Pipelines;

/// <summary>
/// A secret value that cannot print itself: <see cref="ToString"/> and string interpolation give "***".
/// Only <see cref="Reveal"/> hands out the value, at the one place that must send it.
/// </summary>
public sealed class Secret(string value)
{
    public const string Mask = "***";

    public string Reveal() => value;

    public override string ToString() => Mask;
}
