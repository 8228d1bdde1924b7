using System.Text;
using System.Text.Json.Nodes;
using Port.Pipelines;

namespace Port.Tasks.GetEntity;

/// <summary>
/// Every match of a search, written to a file as it arrives: a JSON array, or NDJSON (one entity a line) for a
/// <c>.ndjson</c> or <c>.jsonl</c> path. Memory holds only the count, the first match, and the first matches that fit
/// an output variable, whatever the number of matches.
/// </summary>
public sealed class SearchResultFile : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly bool _ndjson;
    private readonly StringBuilder _fitting = new("[");
    private bool _full;

    public SearchResultFile(string path)
    {
        Path = path;
        _ndjson = System.IO.Path.GetExtension(path).ToLowerInvariant() is ".ndjson" or ".jsonl";
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!_ndjson)
        {
            _writer.Write('[');
        }
    }

    public string Path { get; }

    public int Count { get; private set; }

    public JsonObject? First { get; private set; }

    /// <summary>Whether every match so far fits in one output variable.</summary>
    public bool AllFit => !_full;

    /// <summary>How many matches <see cref="Fitting"/> holds.</summary>
    public int FittingCount { get; private set; }

    /// <summary>A JSON array of the first matches, at most <see cref="AgentCommands.MaxOutputLength"/> characters.</summary>
    public string Fitting => _fitting + "]";

    public void Add(JsonObject entity)
    {
        var json = entity.ToJsonString();
        _writer.Write(_ndjson ? (Count == 0 ? "" : "\n") : (Count == 0 ? "" : ","));
        _writer.Write(json);
        First ??= (JsonObject)entity.DeepClone();
        Count++;
        if (!_full && _fitting.Length + json.Length + 2 <= AgentCommands.MaxOutputLength)
        {
            _fitting.Append(FittingCount == 0 ? "" : ",").Append(json);
            FittingCount++;
        }
        else
        {
            _full = true;
        }
    }

    /// <summary>Ends the file (the array's closing bracket, or the last line break).</summary>
    public void Complete()
    {
        _writer.Write(_ndjson ? (Count == 0 ? "" : "\n") : "]");
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
