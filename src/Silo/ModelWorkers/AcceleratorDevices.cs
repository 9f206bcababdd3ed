using PowerAutomation.Grains.ModelWorkers;
using PowerAutomation.Inference.Embeddings;
using TorchSharp;

namespace PowerAutomation.Silo.ModelWorkers;

/// <summary>The devices this silo runs model workers on, from configuration and what the hardware offers.</summary>
public static class AcceleratorDevices
{
    public static IReadOnlyList<string> Resolve(ModelWorkerOptions options)
    {
        var devices = options.Accelerators.Trim().ToLowerInvariant() switch
        {
            "none" or "" => [],
            "auto" => DetectCuda(),
            var list => Explicit(list),
        };
        return options.CpuWorker ? [.. devices, "cpu"] : devices;
    }

    // libtorch is only loaded when the NVIDIA driver is there: silos without a GPU never pay for it.
    private static List<string> DetectCuda()
    {
        if (!File.Exists("/proc/driver/nvidia/version"))
        {
            return [];
        }

        TorchThreading.PreferPassiveWait();
        return torch.cuda.is_available() ? Enumerable.Range(0, torch.cuda.device_count()).Select(i => $"cuda:{i}").ToList() : [];
    }

    private static List<string> Explicit(string list)
    {
        var devices = ModelWorkerMetadata.ParseDevices(list).ToList();
        foreach (var device in devices)
        {
            if (!(device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out var index) && index >= 0))
            {
                throw new InvalidOperationException(
                    $"ModelWorkers:Accelerators: '{device}' is not a device; use auto, none, or a list such as cuda:0,cuda:1 (set ModelWorkers:CpuWorker for the CPU).");
            }
        }

        if (devices.Distinct().Count() != devices.Count)
        {
            throw new InvalidOperationException($"ModelWorkers:Accelerators names a device twice: '{list}'. One worker per device.");
        }

        return devices;
    }
}
