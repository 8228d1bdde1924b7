using Port.Tasks.Common;
using Port.Tasks.UpsertEntity;

namespace Port.Tasks.Tests;

public class EntitiesFileTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = Directory.CreateTempSubdirectory("port-entities-").FullName;

    [TearDown]
    public void DeleteDir() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Both passes: the check, then the entities as the send pass gets them.</summary>
    private static List<FileEntity> Load(string path)
    {
        var file = EntitiesFile.Open("entitiesFile", path, "microservice");
        var count = file.Check();
        var entities = file.Read().ToList();
        Assert.That(entities, Has.Count.EqualTo(count));
        return entities;
    }

    [Test]
    public void JsonArray_IsRead()
    {
        var entities = Load(Write("a.json", """[{"identifier":"a"},{"identifier":"b","blueprint":"microservice"}]"""));

        Assert.That(entities.Select(e => e.Entity.ToJsonString()), Is.EqualTo(new[] { """{"identifier":"a"}""", """{"identifier":"b"}""" }));
    }

    [Test]
    public void Ndjson_SkipsBlankLines()
    {
        var entities = Load(Write("a.ndjson", "{\"identifier\":\"a\"}\n\n{\"identifier\":\"b\"}\n"));

        Assert.That(entities, Has.Count.EqualTo(2));
    }

    [Test]
    public void Ndjson_BadLine_GivesLineAndColumn()
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.ndjson", "{\"identifier\":\"a\"}\n{\"identifier\": x}\n")));

        Assert.That(ex!.Message, Does.Contain("'a.ndjson', whose line 2 is not valid JSON at column 16"));
    }

    [Test]
    public void JsonArray_BadSyntax_GivesLineAndColumn()
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.json", "[\n  {\"identifier\": \"a\"},\n  {\"identifier\": b}\n]")));

        Assert.That(ex!.Message, Does.Contain("'a.json', whose content is not valid JSON at line 3, column 18"));
    }

    [Test]
    public void Ndjson_BadLine_AfterNonAsciiText_GivesTheColumnInCharacters()
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.ndjson", "{\"identifier\":\"a\"}\n{\"identifier\": \"Zürich 東京 😀\", x}\n")));

        Assert.That(ex!.Message, Does.Contain("'a.ndjson', whose line 2 is not valid JSON at column 31:"));
    }

    [TestCase("", TestName = "JsonArray_BadSyntax_AfterNonAsciiText_GivesTheColumnInCharacters")]
    [TestCase("\uFEFF", TestName = "JsonArray_BadSyntax_AfterNonAsciiText_WithAByteOrderMark_GivesTheColumnInCharacters")]
    public void JsonArray_BadSyntax_AfterNonAsciiText_GivesTheColumnInCharacters(string byteOrderMark)
    {
        var path = Path.Combine(_dir, "a.json");
        File.WriteAllText(path, byteOrderMark + "[\n  {\"identifier\": \"a\", \"title\": \"Zürich 東京 😀\"},\n  {\"identifier\": \"b\", \"title\": \"Zürich 東京 😀\" x}\n]", new System.Text.UTF8Encoding(false));

        var ex = Assert.Throws<TaskInputException>(() => Load(path));

        Assert.That(ex!.Message, Does.Contain("'a.json', whose content is not valid JSON at line 3, column 46:"));
    }

    [Test]
    public void Positions_AreTheFilesLines_OrTheArraysItems()
    {
        var ndjson = Load(Write("a.ndjson", "{\"identifier\":\"a\"}\n\n{\"identifier\":\"b\"}\n"));
        var csv = Load(Write("a.csv", "identifier,title\na,\"two\nlines\"\n\nb,x\n"));
        var array = Load(Write("a.json", """[{"identifier":"a"}, {"identifier":"b"}]"""));

        Assert.That(ndjson.Select(e => e.Position), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(csv.Select(e => e.Position), Is.EqualTo(new[] { 2, 5 }));
        Assert.That(array.Select(e => e.Position), Is.EqualTo(new[] { 1, 2 }));
        Assert.That((string?)csv[0].Entity["title"], Is.EqualTo("two\nlines"));
    }

    [Test]
    public void Csv_TypedColumnsRelationsAndQuotes()
    {
        const string csv = "identifier,title,version,replicas:number,healthy:boolean,tags:json,relations.team\n" +
                           "checkout,\"Checkout, the shop\",1.10,3,true,\"[\"\"a\"\"]\",payments\n" +
                           "ledger,Ledger,,1,false,,\n";

        var entities = Load(Write("a.csv", csv));

        Assert.That(entities[0].Entity.ToJsonString(), Is.EqualTo("""{"identifier":"checkout","title":"Checkout, the shop","properties":{"version":"1.10","replicas":3,"healthy":true,"tags":["a"]},"relations":{"team":"payments"}}"""));
        Assert.That(entities[1].Entity.ToJsonString(), Is.EqualTo("""{"identifier":"ledger","title":"Ledger","properties":{"replicas":1,"healthy":false}}"""));
    }

    [TestCase("identifier,replicas:number\na,three\n", "line 2, column 'replicas:number' holds 'three', which is not a number")]
    [TestCase("identifier,title\na\n", "line 2 has 1 cells, but the header has 2")]
    [TestCase("identifier,x:date\na,1\n", "has the type 'date'")]
    [TestCase("identifier,title\na,\"open\n", "line 2 is not valid CSV: a quoted field that is never closed")]
    public void Csv_Errors_NameTheLine(string csv, string messagePart)
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.csv", csv)));

        Assert.That(ex!.Message, Does.Contain(messagePart));
    }

    [TestCase("""[{"title":"no id"}]""", "has no string 'identifier'")]
    [TestCase("""[{"identifier":"a b"}]""", "entity at item 1 has an identifier that is 'a b', which is not a valid Port identifier")]
    [TestCase("""[{"identifier":"a","blueprint":"team"}]""", "names blueprint 'team'")]
    [TestCase("""[]""", "holds no entities")]
    [TestCase("""{"identifier":"a"}""", "content must be a JSON array of entities")]
    public void EveryEntity_IsCheckedBeforeAnythingIsSent(string json, string messagePart)
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.json", json)));

        Assert.That(ex!.Message, Does.Contain(messagePart));
    }

    [TestCase("""[{"identifier":"a","title":42}]""", "entity at item 1 ('a') has a 'title' that is not a string: 42")]
    [TestCase("""[{"identifier":"a","relations":"payments"}]""", "entity at item 1 ('a') has 'relations' that is not a JSON object")]
    [TestCase("""[{"identifier":"a","relations":{"team":5}}]""", "has the relation 'team' set to 5")]
    [TestCase("""[{"identifier":"a","team":{"x":1}}, {"identifier":"b","team":[1]}]""", "entity at item 2 ('b') has a 'team' that is neither")]
    public void EntityShape_IsCheckedWithWhereTheEntityStands(string json, string messagePart)
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.json", json)));

        Assert.That(ex!.Message, Does.Contain(messagePart));
    }

    [Test]
    public void EntityOverOneMebibyte_IsRefusedBeforeAnythingIsSent_WithItsLine()
    {
        var big = new string('x', 1024 * 1024);
        var path = Write("a.ndjson", "{\"identifier\":\"a\"}\n{\"identifier\":\"b\",\"properties\":{\"blob\":\"" + big + "\"}}\n");

        var ex = Assert.Throws<TaskInputException>(() => Load(path));

        Assert.That(ex!.Message, Does.Contain("'a.ndjson', whose entity at line 2 ('b') makes an entity of 1,048,6").And.Contain("Port accepts at most 1 MiB"));
    }

    [TestCase("identifier,tags:json\na,\"[1,,2]\"\n", 2, 7)]
    [TestCase("identifier,tags:json\nab,[1;2]\n", 2, 6)]
    [TestCase("identifier,tags:json\r\nok,[1]\r\nb,\"[\"\"x\"\",\n  y]\"\r\n", 4, 3)]
    [TestCase("identifier,tags:json\na,\"[\"\"Zürich 東京 😀\"\",,2]\"\n", 2, 21)]
    [TestCase("identifier,tags:json\n東京😀,\"[1,\n  \"\"😀\"\" x]\"\n", 3, 9)]
    public void Csv_BadJsonCell_GivesTheFilesLineAndColumn(string csv, int line, int column)
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Write("a.csv", csv)));

        Assert.That(ex!.Message, Does.Contain($"'a.csv', whose line {line}, column {column} (in the 'tags:json' cell) is not valid JSON"));
    }

    [Test]
    public void Folder_IsNamedAsAFolder()
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(_dir));

        Assert.That(ex!.Message, Does.Contain("which is a folder; give the path of a .json, .ndjson or .csv file"));
    }

    [Test]
    public void MissingFile_IsNamed()
    {
        var ex = Assert.Throws<TaskInputException>(() => Load(Path.Combine(_dir, "nope.json")));

        Assert.That(ex!.Message, Does.StartWith("The input 'entitiesFile' names the file").And.Contain("does not exist"));
    }
}
