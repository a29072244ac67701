using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Numbers;

/// <summary>Runs <see cref="ProcessingNumberService.RunDueWorkAsync"/> every <see cref="HealthCenterOptions.WorkerInterval"/>.</summary>
public sealed partial class ProcessingNumberWorker(
    ProcessingNumberService service, IOptions<HealthCenterOptions> options, TimeProvider time, ILogger<ProcessingNumberWorker> logger)
    : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan interval = options.Value.WorkerInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await service.RunDueWorkAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRunFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing-number worker run failed ({ExceptionType}).")]
    private static partial void LogRunFailed(ILogger logger, string exceptionType);
}
