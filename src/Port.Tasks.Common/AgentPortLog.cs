using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>Routes the Port client's log to the agent: debug lines only with System.Debug, retries as plain lines.</summary>
public sealed class AgentPortLog(IStepHost agent) : IPortLog
{
    public bool DebugEnabled => agent.DebugEnabled;

    public void Debug(string message) => agent.Debug(message);

    public void Warning(string message) => agent.Info(message);
}
