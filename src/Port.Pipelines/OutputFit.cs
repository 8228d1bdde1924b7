namespace Port.Pipelines;

/// <summary>
/// What an output variable holds when its full value is too long for it: a shorter value that fits in
/// <paramref name="limit"/> characters, and words for the log saying what that shorter value is.
/// </summary>
public delegate (string Value, string Description) OutputFit(string fullValue, int limit);
