import type { HandlerTemplate } from '../types';
import type { AzurePatternId } from './azureNode';

// Azure Functions in C#. Two hosting models: the isolated worker (`[Function]`, Microsoft.Azure.Functions.Worker,
// the supported model going forward) and the in-process model (`[FunctionName]`, WebJobs SDK) for apps that
// still run it. Tab stop 1 is the function's (and class's) name. Logging uses message templates, which the
// host records as structured properties.

const isolatedHttp = `using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}};

public sealed record Create{{3:Item}}Request(string? {{4:Name}});

public sealed class {{1:CreateItem}}
{
    private readonly ILogger<{{1}}> _logger;

    public {{1}}(ILogger<{{1}}> logger)
    {
        _logger = logger;
    }

    [Function("{{1}}")]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.{{5|Function,Anonymous,Admin|}}, "{{6|post,put,patch|}}")] HttpRequestData req)
    {
        Create{{3}}Request? payload;
        try
        {
            payload = await JsonSerializer.DeserializeAsync<Create{{3}}Request>(req.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException)
        {
            _logger.LogWarning("Request body of {InvocationId} is not valid JSON", req.FunctionContext.InvocationId);
            return await Json(req, HttpStatusCode.BadRequest, new { message = "The request body must be valid JSON." });
        }
        if (string.IsNullOrWhiteSpace(payload?.{{4}}))
        {
            return await Json(req, HttpStatusCode.BadRequest, new { message = "The request body must be an object with a non-empty \\"{{4}}\\"." });
        }

        var item = new { id = Guid.NewGuid().ToString(), name = payload.{{4}}.Trim(), createdAt = DateTimeOffset.UtcNow };
        {{0}}
        _logger.LogInformation("{{3}} {ItemId} created", item.id);
        return await Json(req, HttpStatusCode.Created, item);
    }

    private static async Task<HttpResponseData> Json(HttpRequestData req, HttpStatusCode status, object body)
    {
        var response = req.CreateResponse();
        await response.WriteAsJsonAsync(body);
        // WriteAsJsonAsync sets 200: set the real status afterwards.
        response.StatusCode = status;
        return response;
    }
}
`;

const inProcessHttp = `using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}}
{
    public sealed class Create{{3:Item}}Request
    {
        public string? {{4:Name}} { get; set; }
    }

    public static class {{1:CreateItem}}
    {
        [FunctionName("{{1}}")]
        public static async Task<IActionResult> Run(
            [HttpTrigger(AuthorizationLevel.{{5|Function,Anonymous,Admin|}}, "{{6|post,put,patch|}}", Route = null)] HttpRequest req,
            ILogger log)
        {
            Create{{3}}Request? payload;
            try
            {
                payload = await JsonSerializer.DeserializeAsync<Create{{3}}Request>(req.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (JsonException)
            {
                log.LogWarning("Request body is not valid JSON");
                return new BadRequestObjectResult(new { message = "The request body must be valid JSON." });
            }
            if (string.IsNullOrWhiteSpace(payload?.{{4}}))
            {
                return new BadRequestObjectResult(new { message = "The request body must be an object with a non-empty \\"{{4}}\\"." });
            }

            var item = new { id = Guid.NewGuid().ToString(), name = payload.{{4}}.Trim(), createdAt = DateTimeOffset.UtcNow };
            {{0}}
            log.LogInformation("{{3}} {ItemId} created", item.id);
            return new ObjectResult(item) { StatusCode = StatusCodes.Status201Created };
        }
    }
}
`;

const isolatedTimer = `using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}};

public sealed class {{1:Cleanup}}
{
    private readonly ILogger<{{1}}> _logger;

    public {{1}}(ILogger<{{1}}> logger)
    {
        _logger = logger;
    }

    // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}.
    [Function("{{1}}")]
    public Task Run([TimerTrigger("{{3:0 0 2 * * *}}")] TimerInfo timer)
    {
        if (timer.IsPastDue)
        {
            // The host was down at the scheduled time: this run catches up; the job must be safe to run twice.
            _logger.LogWarning("Timer is past due");
        }
        {{0}}
        _logger.LogInformation("Scheduled run finished; next at {Next}", timer.ScheduleStatus?.Next);
        return Task.CompletedTask;
    }
}
`;

const inProcessTimer = `using System.Threading.Tasks;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}}
{
    public static class {{1:Cleanup}}
    {
        // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}.
        [FunctionName("{{1}}")]
        public static Task Run([TimerTrigger("{{3:0 0 2 * * *}}")] TimerInfo timer, ILogger log)
        {
            if (timer.IsPastDue)
            {
                // The host was down at the scheduled time: this run catches up; the job must be safe to run twice.
                log.LogWarning("Timer is past due");
            }
            {{0}}
            log.LogInformation("Scheduled run finished; next at {Next}", timer.ScheduleStatus?.Next);
            return Task.CompletedTask;
        }
    }
}
`;

const isolatedQueue = `using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}};

public sealed record {{4:Job}}(string {{5:OrderId}});

public sealed class {{1:ProcessJob}}
{
    private readonly ILogger<{{1}}> _logger;

    public {{1}}(ILogger<{{1}}> logger)
    {
        _logger = logger;
    }

    // Storage queues deliver at least once; after maxDequeueCount (host.json, default 5) the message goes to <queue>-poison.
    [Function("{{1}}")]
    public Task Run([QueueTrigger("{{3:jobs}}", Connection = "AzureWebJobsStorage")] string message, long dequeueCount)
    {
        var job = JsonSerializer.Deserialize<{{4}}>(message, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("The message is empty.");
        {{0}}
        _logger.LogInformation("Job {{{5}}} done (delivery {DequeueCount})", job.{{5}}, dequeueCount);
        return Task.CompletedTask;
    }
}
`;

const inProcessQueue = `using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;

namespace {{2:FunctionApp}}
{
    public sealed class {{4:Job}}
    {
        public string {{5:OrderId}} { get; set; } = "";
    }

    public static class {{1:ProcessJob}}
    {
        // Storage queues deliver at least once; after maxDequeueCount (host.json, default 5) the message goes to <queue>-poison.
        [FunctionName("{{1}}")]
        public static Task Run([QueueTrigger("{{3:jobs}}", Connection = "AzureWebJobsStorage")] string message, long dequeueCount, ILogger log)
        {
            var job = JsonSerializer.Deserialize<{{4}}>(message, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("The message is empty.");
            {{0}}
            log.LogInformation("Job {{{5}}} done (delivery {DequeueCount})", job.{{5}}, dequeueCount);
            return Task.CompletedTask;
        }
    }
}
`;

const c = (prefix: string, description: string, body: string): HandlerTemplate => ({ prefix, description, language: 'csharp', body, nameStop: 1 });

/** Isolated worker model (`[Function]`). */
export const csharpIsolated: Record<AzurePatternId, HandlerTemplate> = {
  api: c('sls-azure-http-isolated', 'Azure Functions HTTP trigger, isolated worker [Function]: JSON body, 400 on bad input (C#)', isolatedHttp),
  scheduled: c('sls-azure-timer-isolated', 'Azure Functions timer trigger, isolated worker [Function] (C#)', isolatedTimer),
  'queue-worker': c('sls-azure-queue-isolated', 'Azure Functions storage queue trigger, isolated worker [Function] (C#)', isolatedQueue),
};

/** In-process model (`[FunctionName]`). */
export const csharpInProcess: Record<AzurePatternId, HandlerTemplate> = {
  api: c('sls-azure-http-inprocess', 'Azure Functions HTTP trigger, in-process [FunctionName]: JSON body, 400 on bad input (C#)', inProcessHttp),
  scheduled: c('sls-azure-timer-inprocess', 'Azure Functions timer trigger, in-process [FunctionName] (C#)', inProcessTimer),
  'queue-worker': c('sls-azure-queue-inprocess', 'Azure Functions storage queue trigger, in-process [FunctionName] (C#)', inProcessQueue),
};
