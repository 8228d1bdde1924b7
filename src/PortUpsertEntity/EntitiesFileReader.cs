using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>
/// Reads many entities from a file: a JSON array, NDJSON (one entity a line), or CSV (a header row; see <see cref="Csv"/>).
/// Every entity is checked before anything is sent, so a bad line writes nothing.
/// </summary>
public static class EntitiesFileReader
{
    public static IReadOnlyList<JsonObject> Read(string input, string path, string blueprint)
    {
        if (!File.Exists(path))
        {
            throw new TaskInputException(input, $"names the file '{path}', which does not exist (a relative path is taken from {Directory.GetCurrentDirectory()}).");
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var entities = extension switch
        {
            ".csv" => Csv.Read(input, name, text),
            ".ndjson" or ".jsonl" => Ndjson(input, name, text),
            ".json" => JsonArray(input, name, text),
            _ => text.TrimStart().StartsWith('[') ? JsonArray(input, name, text) : Ndjson(input, name, text),
        };

        if (entities.Count == 0)
        {
            throw new TaskInputException(input, $"names '{name}', which holds no entities.");
        }

        for (var i = 0; i < entities.Count; i++)
        {
            Check(input, name, i, entities[i], blueprint);
        }

        return entities;
    }

    private static List<JsonObject> JsonArray(string input, string name, string text)
    {
        var node = JsonInput.Parse(input, text, """[{"identifier": "checkout"}, {"identifier": "ledger"}]""");
        if (node is not System.Text.Json.Nodes.JsonArray array)
        {
            throw new TaskInputException(input, $"names '{name}', which must hold a JSON array of entities.");
        }

        return array.Select((item, index) => item as JsonObject
            ?? throw new TaskInputException(input, $"names '{name}', whose item {index + 1} is not a JSON object.")).ToList();
    }

    private static List<JsonObject> Ndjson(string input, string name, string text)
    {
        var entities = new List<JsonObject>();
        var lines = text.Split('\n');
        for (var line = 0; line < lines.Length; line++)
        {
            if (string.IsNullOrWhiteSpace(lines[line]))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(lines[line]);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new TaskInputException(input, $"names '{name}', whose line {line + 1} is not valid JSON at column {JsonInput.Column(ex)}: {JsonInput.Reason(ex)}.");
            }

            entities.Add(node as JsonObject
                ?? throw new TaskInputException(input, $"names '{name}', whose line {line + 1} is not a JSON object such as {{\"identifier\": \"checkout\"}}."));
        }

        return entities;
    }

    private static void Check(string input, string name, int index, JsonObject entity, string blueprint)
    {
        if (entity["blueprint"] is { } own && (string?)own != blueprint)
        {
            throw new TaskInputException(input, $"names '{name}', whose entity {index + 1} names blueprint '{own}', but the task writes to '{blueprint}'. Split the file by blueprint.");
        }

        entity.Remove("blueprint");
        if (entity["identifier"] is not JsonValue id || !id.TryGetValue<string>(out var identifier))
        {
            throw new TaskInputException(input, $"names '{name}', whose entity {index + 1} has no string 'identifier'; a bulk upsert needs one for every entity.");
        }

        try
        {
            PortIdentifier.ValidateEntity(input, identifier);
        }
        catch (TaskInputException ex)
        {
            throw new TaskInputException(input, $"names '{name}', whose entity {index + 1} has an identifier that {ex.Problem}");
        }
    }
}

/// <summary>
/// CSV with a header row. Columns <c>identifier</c>, <c>title</c>, <c>icon</c>, <c>team</c> are entity fields;
/// <c>relations.NAME</c> a relation; every other column a property. A column may carry a type:
/// <c>replicas:number</c>, <c>healthy:boolean</c>, <c>tags:json</c> (default: string). Empty cells are left out.
/// </summary>
public static class Csv
{
    public static List<JsonObject> Read(string input, string name, string text)
    {
        var rows = Parse(input, name, text);
        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0].Cells.Select(h => h.Trim()).ToList();
        var entities = new List<JsonObject>();
        foreach (var (line, cells) in rows.Skip(1))
        {
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue;
            }

            if (cells.Count != header.Count)
            {
                throw new TaskInputException(input, $"names '{name}', whose line {line} has {cells.Count} cells, but the header has {header.Count}.");
            }

            var entity = new JsonObject();
            for (var i = 0; i < header.Count; i++)
            {
                if (cells[i].Length > 0)
                {
                    Place(entity, header[i], cells[i], input, name, line);
                }
            }

            entities.Add(entity);
        }

        return entities;
    }

    private static void Place(JsonObject entity, string column, string cell, string input, string name, int line)
    {
        var typeAt = column.LastIndexOf(':');
        var (key, type) = typeAt > 0 ? (column[..typeAt], column[(typeAt + 1)..].ToLowerInvariant()) : (column, "string");
        JsonNode? value = type switch
        {
            "string" => cell,
            "number" => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw Bad("a number"),
            "boolean" => bool.TryParse(cell, out var b) ? b : throw Bad("true or false"),
            "json" => JsonInput.Parse(input, cell, """["a","b"]"""),
            _ => throw new TaskInputException(input, $"names '{name}', whose column '{column}' has the type '{type}'; use string, number, boolean or json."),
        };

        if (key is "identifier" or "title" or "icon" or "team")
        {
            entity[key] = value;
        }
        else if (key.StartsWith("relations.", StringComparison.Ordinal))
        {
            Section(entity, "relations")[key["relations.".Length..]] = value;
        }
        else
        {
            Section(entity, "properties")[key] = value;
        }

        TaskInputException Bad(string expected) => new(input, $"names '{name}', whose line {line}, column '{column}' holds '{cell}', which is not {expected}.");
    }

    private static JsonObject Section(JsonObject entity, string key) => entity[key] as JsonObject ?? (JsonObject)(entity[key] = new JsonObject());

    /// <summary>RFC 4180: commas, double quotes, doubled quotes inside quotes, line breaks inside quotes.</summary>
    private static List<(int Line, List<string> Cells)> Parse(string input, string name, string text)
    {
        var rows = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    rows.Add((rowLine, cells));
                    cells = [];
                    cell.Clear();
                    rowLine = ++line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new TaskInputException(input, $"names '{name}', whose line {rowLine} has a quoted cell that is never closed.");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add((rowLine, cells));
        }

        return rows;
    }
}
