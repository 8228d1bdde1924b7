using System.Reflection;
using System.Runtime.InteropServices;
using Port.Ci;
using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;

// port-ci: the Port tasks as one native CLI. Exit codes: 0 success (warnings allowed), 1 failure, 2 bad usage or bad
// input (nothing was sent), 130 after SIGINT and 143 after SIGTERM.
return await PortCli.RunAsync(args, ProcessEnvironment.Instance, Console.In, Console.OpenStandardOutput(), Console.Error);

namespace Port.Ci
{
    public static class PortCli
    {
        public const int Success = 0, Failure = 1, Usage = 2;

        public static string Version =>
            typeof(PortCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        public static async Task<int> RunAsync(string[] args, IEnvironment process, TextReader stdin, Stream stdout, TextWriter stderr)
        {
            try
            {
                if (args is [] or ["--help" or "-h" or "help"])
                {
                    WriteLine(args.Length == 0 ? stderr : Console.Out, Help.Overview());
                    return args.Length == 0 ? Usage : Success;
                }

                if (args is ["--version"])
                {
                    Console.Out.WriteLine($"port-ci {Version}");
                    return Success;
                }

                var command = CliCommand.Find(args[0])
                    ?? throw new UsageException($"port-ci: unknown command '{args[0]}'. Commands: {string.Join(", ", CliCommand.All.Select(c => c.Name))}; see port-ci --help.");
                var manifest = TaskManifest.Load(command.Task);
                var line = CommandLine.Parse(command.Name, manifest, args[1..]);
                if (line.Help)
                {
                    Console.Out.WriteLine(Help.ForCommand(command, manifest));
                    return Success;
                }

                return await RunStepAsync(command, manifest, line, process, stdin, stdout, stderr).ConfigureAwait(false);
            }
            catch (UsageException ex)
            {
                stderr.WriteLine("error: " + ex.Message);
                return Usage;
            }
        }

        private static async Task<int> RunStepAsync(CliCommand command, TaskManifest manifest, CommandLine line, IEnvironment process, TextReader stdin, Stream stdout, TextWriter stderr)
        {
            var ci = CiDetection.Detect(process);
            var inputs = Credentials.Inputs(command.Name, line, process, stdin);
            if (manifest.Inputs.Any(i => i.Name == "link") && !inputs.ContainsKey("link") && CiJob.Url(ci, process) is { } jobUrl)
            {
                inputs["link"] = jobUrl; // a Port run links back to this CI job
            }

            if (ci != CiSystem.AzurePipelines && manifest.Inputs.Any(i => i.Name == "failureDetails"))
            {
                inputs.TryAdd("failureDetails", "false"); // the failed steps are read from an Azure Pipelines timeline only
            }

            if (ci != CiSystem.AzurePipelines && manifest.Inputs.Any(i => i.Name == "deploymentType"))
            {
                inputs.TryAdd("deploymentType", CiJob.Name(ci)); // task.json's default names Azure Pipelines
            }

            foreach (var input in CommandLine.FlagInputs(manifest))
            {
                if (!inputs.ContainsKey(input.Name) && input.DefaultValue is { Length: > 0 } defaultValue)
                {
                    inputs[input.Name] = defaultValue; // as the agent applies task.json's defaults
                }
            }

            var jobStatus = CiJob.Status(ci, process);
            if (jobStatus is null && inputs.TryGetValue("status", out var status) && status.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"port-ci {command.Name}: --status is auto{(line.Inputs.ContainsKey("status") ? "" : " (its default)")}, which takes the job's result, " +
                    $"but only {CiJob.WhereStatusIsSeen} show it to a step. Give --status {StatusValues(manifest)}.");
            }

            var debug = line.Debug || process.Get("PORT_DEBUG") is "1" or "true";
            var temp = CliEnvironment.TempDirectory(process);
            var environment = new TaskEnvironment(new CliEnvironment(inputs, process, temp, debug, jobStatus));
            using var commands = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
            var log = new CiLog(ci, commands, stderr, ReferenceEquals(stderr, Console.Error) && CiLog.UseColour(process));
            var host = new CliHost(log, debug, temp, new FlagWording(manifest), CiMasking.For(ci, commands));
            using var cancellation = TaskCancellation.FromProcessSignals();
            var step = await command.Run(environment, host, options => new PortClient(options), cancellation.Token).ConfigureAwait(false);
            Export(OutputExport.For(line.StepName ?? command.DefaultStepName, commands), host, ci, line, process);
            host.WriteOutputs(stdout);
            return step switch
            {
                { BeforeAnythingWasSent: true } => Usage,
                { Outcome.Result: TaskResult.Canceled } => 128 + (cancellation.Signal == PosixSignal.SIGTERM ? 15 : 2),
                { Outcome.Result: TaskResult.Failed } => Failure,
                _ => Success,
            };
        }

        /// <summary>The outputs, also where this CI's later steps read them, and in the files the flags name.</summary>
        private static void Export(OutputExport export, CliHost host, CiSystem ci, CommandLine line, IEnvironment process)
        {
            var outputs = host.Outputs;
            if (ci == CiSystem.GitHubActions && process.Get("GITHUB_OUTPUT") is { Length: > 0 } githubOutput)
            {
                export.ToGitHubOutput(githubOutput, outputs);
            }

            if (ci == CiSystem.CircleCi && process.Get("BASH_ENV") is { Length: > 0 } bashEnv)
            {
                export.ToBashEnv(bashEnv, outputs);
            }

            if (ci == CiSystem.AzurePipelines)
            {
                export.ToAzurePipelines(outputs);
            }

            if (line.Dotenv is { } dotenv && export.ToDotenv(dotenv, outputs) is { Count: > 0 } overflow)
            {
                host.Warning($"GitLab takes a dotenv report of at most {OutputExport.DotenvMaxBytes:N0} bytes and {OutputExport.DotenvMaxVariables} variables, so " +
                    $"{string.Join(", ", overflow)} are in the JSON file that {export.Name("OUTPUTS")}_FILE names instead (an artifact of the job, as the report is). get-entity's --include or --exclude keeps fewer outputs.");
            }

            if (line.EnvFile is { } envFile)
            {
                export.ToEnvFile(envFile, outputs);
            }
        }

        /// <summary>What --status takes besides auto: its task.json options, or Port's deployment statuses.</summary>
        private static string StatusValues(TaskManifest manifest)
        {
            var options = manifest.Inputs.Single(i => i.Name == "status").Options.Where(o => o != "auto").ToList();
            return options.Count > 0 ? string.Join(", ", options.SkipLast(1)) + " or " + options[^1] : "success or failure";
        }

        private static void WriteLine(TextWriter writer, string text)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
