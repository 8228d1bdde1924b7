using System.Text.Json.Nodes;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>One entity read from a file, and its place there: a line (NDJSON, CSV) or an item (JSON array).</summary>
public readonly record struct FileEntity(JsonObject Entity, int Position);

/// <summary>
/// A file of entities for a bulk upsert: a JSON array, NDJSON (one entity a line), or CSV (see <see cref="CsvEntities"/>).
/// It is read as a stream, never held whole, and read twice: <see cref="Check"/> goes through every entity before
/// anything is sent, so a bad one writes nothing; <see cref="Read"/> then hands them out, checked again as they come.
/// </summary>
public sealed class EntitiesFile
{
    private readonly string _blueprint;

    private EntitiesFile(string input, string path, string blueprint, EntitiesFormat format)
    {
        Input = input;
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        Format = format;
        _blueprint = blueprint;
    }

    /// <summary>The input that named the file, for messages.</summary>
    public string Input { get; }

    public string Path { get; }

    public string Name { get; }

    public EntitiesFormat Format { get; }

    /// <summary>How many entities <see cref="Check"/> found.</summary>
    public int Count { get; private set; }

    /// <exception cref="TaskInputException">The path is a folder or names no file.</exception>
    public static EntitiesFile Open(string input, string path, string blueprint)
    {
        if (Directory.Exists(path))
        {
            throw new TaskInputException(input, $"names '{path}', which is a folder; give the path of a .json, .ndjson or .csv file in it.");
        }

        if (!File.Exists(path))
        {
            throw new TaskInputException(input, $"names the file '{path}', which does not exist (a relative path is taken from {Directory.GetCurrentDirectory()}).");
        }

        var format = System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => EntitiesFormat.Csv,
            ".ndjson" or ".jsonl" => EntitiesFormat.JsonLines,
            ".json" => EntitiesFormat.JsonArray,
            _ => JsonEntities.StartsWithBracket(path) ? EntitiesFormat.JsonArray : EntitiesFormat.JsonLines,
        };
        return new EntitiesFile(input, path, blueprint, format);
    }

    /// <summary>The first pass: reads and checks every entity, and counts them.</summary>
    /// <exception cref="TaskInputException">An entity is malformed, too big, or for another blueprint; or there are none.</exception>
    public int Check()
    {
        var count = 0;
        foreach (var _ in Read())
        {
            count++;
        }

        Count = count > 0 ? count : throw new TaskInputException(Input, $"names '{Name}', which holds no entities.");
        return count;
    }

    /// <summary>Every entity of the file in order, checked as it is read, without the 'blueprint' key it may carry.</summary>
    public IEnumerable<FileEntity> Read()
    {
        var entities = Format switch
        {
            EntitiesFormat.Csv => CsvEntities.Read(this),
            EntitiesFormat.JsonLines => JsonEntities.ReadLines(this),
            _ => JsonEntities.ReadArray(this),
        };
        foreach (var entity in entities)
        {
            yield return Checked(entity);
        }
    }

    /// <summary>Where an entity stands, as messages say it: "line 4" or "item 5".</summary>
    public string Where(int position) => (Format == EntitiesFormat.JsonArray ? "item " : "line ") + position;

    /// <summary>A message about the file, naming the input and the file.</summary>
    public TaskInputException Problem(string problem) => new(Input, $"names '{Name}', whose {problem}");

    private FileEntity Checked(FileEntity item)
    {
        var entity = item.Entity;
        var where = Where(item.Position);
        if (entity["blueprint"] is { } own && (string?)own != _blueprint)
        {
            throw Problem($"entity at {where} names blueprint '{own}', but the task writes to '{_blueprint}'. Split the file by blueprint.");
        }

        entity.Remove("blueprint");
        if (entity["identifier"] is not JsonValue id || !id.TryGetValue<string>(out var identifier))
        {
            throw Problem($"entity at {where} has no string 'identifier'; a bulk upsert needs one for every entity.");
        }

        try
        {
            PortIdentifier.ValidateEntity(Input, identifier);
        }
        catch (TaskInputException ex)
        {
            throw Problem($"entity at {where} has an identifier that {ex.Problem}");
        }

        return EntityShape.Problem(entity) is { } problem
            ? throw Problem($"entity at {where} ('{identifier}') {problem}")
            : item;
    }
}

public enum EntitiesFormat
{
    JsonArray,
    JsonLines,
    Csv,
}
