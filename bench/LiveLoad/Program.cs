using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.LiveLoad;

// Live editing load through the gateway's WebSocket endpoint: E editors over D documents, each inserting at
// R operations/s; ack latency (send → ack) and broadcast latency (send → another editor receives it).
// usage: LiveLoad GATEWAY_URL TOKEN DOCUMENTS EDITORS_PER_DOCUMENT OPS_PER_SECOND SECONDS
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: LiveLoad GATEWAY_URL TOKEN DOCUMENTS EDITORS_PER_DOCUMENT OPS_PER_SECOND SECONDS");
    return 2;
}

var gateway = new Uri(args[0]);
var token = args[1];
var documentCount = int.Parse(args[2], CultureInfo.InvariantCulture);
var perDocument = int.Parse(args[3], CultureInfo.InvariantCulture);
var rate = double.Parse(args[4], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[5], CultureInfo.InvariantCulture);

using var http = new HttpClient { BaseAddress = gateway };
http.DefaultRequestHeaders.Authorization = new("Bearer", token);
var project = await (await http.PostAsJsonAsync("/api/v1/projects", new { name = "live-load" })).Content.ReadFromJsonAsync<JsonElement>();
var projectId = project.GetProperty("projectId").GetGuid();
var documents = new List<Guid>();
for (var i = 0; i < documentCount; i++)
{
    var created = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/documents", new { path = $"load/{i}.txt", content = "" });
    documents.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid());
}

var recorder = new LatencyRecorder();
var editors = new List<Editor>();
Console.WriteLine($"connecting {documentCount * perDocument} editors to {documentCount} documents …");
foreach (var document in documents)
{
    for (var i = 0; i < perDocument; i++)
    {
        editors.Add(await Editor.ConnectAsync(gateway, document, token, recorder));
    }
}

Console.WriteLine($"editing for {seconds:0} s at {rate} operations/s per editor …");
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
await Task.WhenAll(editors.Select(e => e.EditAsync(rate, stop.Token)));
await Task.Delay(TimeSpan.FromSeconds(2));
foreach (var editor in editors)
{
    await editor.DisposeAsync();
}

Console.WriteLine(recorder.Describe(documentCount, perDocument, rate, seconds, editors.Sum(e => e.Skipped), editors.Sum(e => e.Errors)));
return 0;
