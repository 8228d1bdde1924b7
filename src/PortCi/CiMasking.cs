namespace Port.Ci;

/// <summary>
/// A CI's own masker, told of each secret the moment it exists (the client secret, every access token), so that no
/// later line of the job shows it, whoever prints it. CIs without one mask only what their settings list.
/// </summary>
public static class CiMasking
{
    public static Action<string>? For(CiSystem ci, TextWriter stdout) => ci switch
    {
        CiSystem.GitHubActions => secret => stdout.Write($"::add-mask::{secret}\n"),
        CiSystem.AzurePipelines => secret => stdout.Write($"##vso[task.setsecret]{Port.Pipelines.CommandEscaping.Data(secret)}\n"),
        _ => null,
    };
}
