using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>One entity read from a file, with where it stands there ("line 4", "item 5") for messages.</summary>
public sealed record FileEntity(JsonObject Entity, string Where);

/// <summary>
/// Reads many entities from a file: a JSON array, NDJSON (one entity a line), or CSV (a header row; see <see cref="Csv"/>).
/// Every entity is checked (shape, identifier, size) before anything is sent, so a bad line writes nothing.
/// </summary>
public static class EntitiesFileReader
{
    public static IReadOnlyList<FileEntity> Read(string input, string path, string blueprint)
    {
        if (Directory.Exists(path))
        {
            throw new TaskInputException(input, $"names '{path}', which is a folder; give the path of a .json, .ndjson or .csv file in it.");
        }

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

        foreach (var entity in entities)
        {
            Check(input, name, entity, blueprint);
        }

        return entities;
    }

    private static List<FileEntity> JsonArray(string input, string name, string text)
    {
        var node = JsonInput.Parse(input, text, """[{"identifier": "checkout"}, {"identifier": "ledger"}]""");
        if (node is not System.Text.Json.Nodes.JsonArray array)
        {
            throw new TaskInputException(input, $"names '{name}', which must hold a JSON array of entities.");
        }

        return array.Select((item, index) => new FileEntity(
            item as JsonObject ?? throw new TaskInputException(input, $"names '{name}', whose item {index + 1} is not a JSON object."),
            $"item {index + 1}")).ToList();
    }

    private static List<FileEntity> Ndjson(string input, string name, string text)
    {
        var entities = new List<FileEntity>();
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

            entities.Add(new FileEntity(
                node as JsonObject ?? throw new TaskInputException(input, $"names '{name}', whose line {line + 1} is not a JSON object such as {{\"identifier\": \"checkout\"}}."),
                $"line {line + 1}"));
        }

        return entities;
    }

    private static void Check(string input, string name, FileEntity item, string blueprint)
    {
        var entity = item.Entity;
        if (entity["blueprint"] is { } own && (string?)own != blueprint)
        {
            throw new TaskInputException(input, $"names '{name}', whose entity at {item.Where} names blueprint '{own}', but the task writes to '{blueprint}'. Split the file by blueprint.");
        }

        entity.Remove("blueprint");
        if (entity["identifier"] is not JsonValue id || !id.TryGetValue<string>(out var identifier))
        {
            throw new TaskInputException(input, $"names '{name}', whose entity at {item.Where} has no string 'identifier'; a bulk upsert needs one for every entity.");
        }

        try
        {
            PortIdentifier.ValidateEntity(input, identifier);
        }
        catch (TaskInputException ex)
        {
            throw new TaskInputException(input, $"names '{name}', whose entity at {item.Where} has an identifier that {ex.Problem}");
        }

        if (EntityShape.Problem(entity) is { } problem)
        {
            throw new TaskInputException(input, $"names '{name}', whose entity at {item.Where} ('{identifier}') {problem}");
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
    /// <summary>One cell: its text, and where that text starts in the file (after an opening quote), for messages.</summary>
    private sealed record Cell(string Text, int Offset, bool Quoted);

    public static List<FileEntity> Read(string input, string name, string text)
    {
        var rows = Parse(input, name, text);
        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0].Cells.Select(h => h.Text.Trim()).ToList();
        var entities = new List<FileEntity>();
        foreach (var (line, cells) in rows.Skip(1))
        {
            if (cells.Count == 1 && cells[0].Text.Length == 0)
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
                if (cells[i].Text.Length > 0)
                {
                    Place(entity, header[i], cells[i], new Where(input, name, text, line));
                }
            }

            entities.Add(new FileEntity(entity, $"line {line}"));
        }

        return entities;
    }

    /// <summary>What a cell needs to word its errors: the input, the file's name and text, and the row's line.</summary>
    private sealed record Where(string Input, string Name, string Text, int Line);

    private static void Place(JsonObject entity, string column, Cell cell, Where where)
    {
        var typeAt = column.LastIndexOf(':');
        var (key, type) = typeAt > 0 ? (column[..typeAt], column[(typeAt + 1)..].ToLowerInvariant()) : (column, "string");
        JsonNode? value = type switch
        {
            "string" => cell.Text,
            "number" => double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw Bad("a number"),
            "boolean" => bool.TryParse(cell.Text, out var b) ? b : throw Bad("true or false"),
            "json" => ParseJson(column, cell, where),
            _ => throw new TaskInputException(where.Input, $"names '{where.Name}', whose column '{column}' has the type '{type}'; use string, number, boolean or json."),
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

        TaskInputException Bad(string expected) => new(where.Input, $"names '{where.Name}', whose line {where.Line}, column '{column}' holds '{cell.Text}', which is not {expected}.");
    }

    private static JsonNode? ParseJson(string column, Cell cell, Where where)
    {
        try
        {
            return JsonNode.Parse(cell.Text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            var (line, character) = FilePosition(where.Text, cell, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw new TaskInputException(where.Input, $"names '{where.Name}', whose line {line}, column {character} (in the '{column}' cell) is not valid JSON: {JsonInput.Reason(ex)}. Expected JSON such as [\"a\",\"b\"].");
        }
    }

    /// <summary>
    /// The file's 1-based line and column of a JSON error inside a cell: the parser counts lines and bytes within the
    /// cell's text, which a quoted cell shifts (its opening quote, doubled quotes inside it).
    /// </summary>
    private static (int Line, int Column) FilePosition(string text, Cell cell, long jsonLine, long jsonByte)
    {
        // The error's index in the cell's text.
        var lineStart = 0;
        for (var l = 0; l < jsonLine; l++)
        {
            lineStart = cell.Text.IndexOf('\n', lineStart) + 1;
        }

        var index = lineStart;
        for (var bytes = 0L; index < cell.Text.Length && bytes < jsonByte; index++)
        {
            bytes += Encoding.UTF8.GetByteCount(cell.Text.AsSpan(index, 1));
        }

        // Walk the file from the cell's start over as many characters of its text.
        var position = cell.Offset;
        for (var consumed = 0; consumed < index && position < text.Length;)
        {
            if (cell.Quoted && text[position] == '"')
            {
                position += 2; // a doubled quote is one character of the text
            }
            else
            {
                position += !cell.Quoted && text[position] == '\r' ? 1 : 0; // an unquoted cell drops CR
                position++;
            }

            consumed++;
        }

        var line = 1 + text.AsSpan(0, position).Count('\n');
        return (line, position - text.LastIndexOf('\n', Math.Max(position - 1, 0)));
    }

    private static JsonObject Section(JsonObject entity, string key) => entity[key] as JsonObject ?? (JsonObject)(entity[key] = new JsonObject());

    /// <summary>RFC 4180: commas, double quotes, doubled quotes inside quotes, line breaks inside quotes.</summary>
    private static List<(int Line, List<Cell> Cells)> Parse(string input, string name, string text)
    {
        var rows = new List<(int, List<Cell>)>();
        var cells = new List<Cell>();
        var cell = new StringBuilder();
        var cellStart = 0;
        var cellQuoted = false;
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
                    quoted = cellQuoted = true;
                    cellStart = i + 1;
                    break;
                case ',':
                    EndCell(i + 1);
                    break;
                case '\r':
                    break;
                case '\n':
                    EndCell(i + 1);
                    rows.Add((rowLine, cells));
                    cells = [];
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
            EndCell(text.Length);
            rows.Add((rowLine, cells));
        }

        return rows;

        void EndCell(int nextStart)
        {
            cells.Add(new Cell(cell.ToString(), cellStart, cellQuoted));
            cell.Clear();
            cellStart = nextStart;
            cellQuoted = false;
        }
    }
}
