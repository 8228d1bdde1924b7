namespace Port.Ci;

/// <summary>What a command line asks for: the task inputs its flags give, and the CLI's own options.</summary>
public sealed record CommandLine(
    IReadOnlyDictionary<string, string> Inputs,
    string? ClientSecretFile,
    bool ClientSecretStdin,
    bool Debug,
    bool Help,
    string? StepName = null,
    string? Dotenv = null,
    string? EnvFile = null)
{
    /// <summary>Task inputs that are no flag: a secret is never an argument (other processes can read a command line),
    /// and a service connection is Azure's.</summary>
    public static readonly IReadOnlySet<string> NotFlags = new HashSet<string>(StringComparer.Ordinal) { "portConnection", "clientSecret" };

    public const string ClientSecretFileFlag = "--client-secret-file";
    public const string ClientSecretStdinFlag = "--client-secret-stdin";
    public const string DebugFlag = "--debug";
    public const string NameFlag = "--name";
    public const string DotenvFlag = "--dotenv";
    public const string EnvFileFlag = "--env-file";
    public const string SinceCommitFlag = "--since-commit";

    /// <summary>
    /// --since-commit's value among <see cref="Inputs"/>: an input of port-ci's report-deployment that no task.json declares
    /// (the Azure task reads the build's changes), so it reaches the command as the flags' inputs do.
    /// </summary>
    public const string SinceCommitInput = "sinceCommit";

    /// <summary>port-ci's own flags, which no task input may take.</summary>
    public static readonly IReadOnlyList<string> OwnFlags = ["--help", DebugFlag, ClientSecretFileFlag, ClientSecretStdinFlag, NameFlag, DotenvFlag, EnvFileFlag, SinceCommitFlag];

    /// <summary>Whether a command computes a lead time from git, and so takes --since-commit: report-deployment.</summary>
    public static bool TakesSinceCommit(TaskManifest manifest) => manifest.Inputs.Any(i => i.Name == "leadTimeHours");

    private static readonly string[] BooleanWords = ["true", "false", "yes", "no", "1", "0"];

    /// <summary>The flags of a command: one per task input (but <see cref="NotFlags"/>), plus the CLI's own.</summary>
    public static IReadOnlyList<TaskInput> FlagInputs(TaskManifest manifest) =>
        manifest.Inputs.Where(i => !NotFlags.Contains(i.Name)).ToList();

    /// <exception cref="UsageException">An unknown flag, a missing value, a flag given twice, or a stray argument.</exception>
    public static CommandLine Parse(string command, TaskManifest manifest, IReadOnlyList<string> args)
    {
        var byFlag = FlagInputs(manifest).ToDictionary(i => i.Flag, StringComparer.Ordinal);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? secretFile = null, stepName = null, dotenv = null, envFile = null;
        bool secretStdin = false, debug = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Split(args[i]);
            if (flag is "--help" or "-h")
            {
                help = true;
                continue;
            }

            if (!flag.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"port-ci {command}: '{args[i]}' is not a flag. Every input is given as --name value; see port-ci {command} --help.");
            }

            if (!seen.Add(flag))
            {
                throw new UsageException($"port-ci {command}: the flag {flag} is given twice; give it once.");
            }

            if (flag == DebugFlag || flag == ClientSecretStdinFlag)
            {
                var on = Bool(flag, inline ?? NextBoolean(args, ref i) ?? "true", command);
                debug |= flag == DebugFlag && on;
                secretStdin |= flag == ClientSecretStdinFlag && on;
            }
            else if (flag == ClientSecretFileFlag)
            {
                secretFile = inline ?? Value(args, ref i, flag, command);
            }
            else if (flag == NameFlag)
            {
                stepName = inline ?? Value(args, ref i, flag, command);
            }
            else if (flag == DotenvFlag)
            {
                dotenv = inline ?? Value(args, ref i, flag, command);
            }
            else if (flag == EnvFileFlag)
            {
                envFile = inline ?? Value(args, ref i, flag, command);
            }
            else if (flag == SinceCommitFlag && TakesSinceCommit(manifest))
            {
                var sha = inline ?? Value(args, ref i, flag, command);
                inputs[SinceCommitInput] = GitLeadTime.IsCommitSha(sha) ? sha
                    : throw new UsageException($"port-ci {command}: the flag {flag} is '{sha}', which is not a commit SHA: give 4 to 64 hexadecimal digits, e.g. {flag} \"$(git rev-parse HEAD~3)\".");
            }
            else if (byFlag.TryGetValue(flag, out var input))
            {
                inputs[input.Name] = input.IsBoolean
                    ? (Bool(flag, inline ?? NextBoolean(args, ref i) ?? "true", command) ? "true" : "false")
                    : inline ?? Value(args, ref i, flag, command);
            }
            else
            {
                throw new UsageException(Unknown(command, flag, byFlag.Keys));
            }
        }

        return new CommandLine(inputs, secretFile, secretStdin, debug, help, stepName, dotenv, envFile);
    }

    private static (string Flag, string? Inline) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    /// <summary>The next argument when it is a boolean word (so <c>--dry-run false</c> works and <c>--dry-run --x</c> too).</summary>
    private static string? NextBoolean(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 < args.Count && BooleanWords.Contains(args[i + 1].ToLowerInvariant()))
        {
            return args[++i];
        }

        return null;
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string flag, string command)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"port-ci {command}: the flag {flag} needs a value: {flag} VALUE (or {flag}=VALUE for a value that starts with --).");
        }

        return args[++i];
    }

    private static bool Bool(string flag, string text, string command) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new UsageException($"port-ci {command}: the flag {flag} is '{text}'; use true or false (a bare {flag} means true)."),
    };

    private static string Unknown(string command, string flag, IEnumerable<string> flags)
    {
        var secret = flag is "--client-secret" or "--port-connection"
            ? $" The client secret is never an argument (other processes can read a command line): set PORT_CLIENT_SECRET, or use {ClientSecretFileFlag} PATH or {ClientSecretStdinFlag}."
            : "";
        return $"port-ci {command}: unknown flag {flag}.{secret} Its flags: {string.Join(", ", flags.Order(StringComparer.Ordinal))}; see port-ci {command} --help.";
    }
}
