using System.CommandLine;
using Lbdn.Cli.Networks;
using Lbdn.Inference;

namespace Lbdn.Cli.Shipping;

/// <summary>
/// <c>lbdn pack</c>: generates a NuGet model package from a trained or frozen model: one class over the embedded
/// frozen-model file, depending on Lbdn.Inference only, with a README stating the certificate. The output folder becomes
/// a complete local feed: the model package and the Lbdn.Inference package it needs.
/// </summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Trained model (runs/<network>.bin by default) or a frozen-model file (.safetensors) from lbdn freeze." };
        var network = new Option<string?>("--network") { Description = $"Network the model was trained as: {NetworkCatalog.Names}; not needed for a .safetensors model." };
        var gamma = new Option<double?>("--gamma") { Description = "The --gamma the model was trained with, if any." };
        var id = new Option<string>("--id") { Description = "Package id, also the namespace of the generated class, e.g. Contoso.Models.Digits.", Required = true };
        var className = new Option<string>("--class") { Description = "Name of the generated class, e.g. DigitClassifier.", Required = true };
        var version = new Option<string>("--version") { Description = "Package version X.Y.Z, e.g. 1.0.0.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder receiving PACKAGE.ID.X.Y.Z.nupkg and the Lbdn.Inference package: a local feed.", Required = true };
        // A folder, not a file: its own check replaces the host's output-file check.
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } folder && File.Exists(folder))
            {
                result.AddError($"--out '{folder}' is a file; it names the folder that receives the packages.");
            }
        });
        var certified = new Option<string?>("--certified") { Description = "Rows of lbdn certify (JSON): the certification table the package ships and its README shows." };
        var dataset = new Option<string>("--dataset") { Description = $"The data set --certified was measured on: {DatasetOption.Names}.", DefaultValueFactory = _ => "mnist" };
        var project = new Option<string?>("--project") { Description = "Also keep the generated project (sources, README, weights) in this folder." };
        var feed = new Option<string?>("--inference-feed") { Description = "Folder holding the Lbdn.Inference package; the one built beside lbdn by default." };
        var command = new Command("pack", "Generate a NuGet package of a certified model that needs no TorchSharp (Lbdn.Inference only).")
        {
            model, network, gamma, id, className, version, output, certified, dataset, project, feed,
        };
        command.SetAction(result => Run(new PackRequest(
            result.GetValue(model), result.GetValue(network), result.GetValue(gamma), result.GetValue(id)!, result.GetValue(className)!,
            result.GetValue(version)!, result.GetValue(output)!, result.GetValue(certified), result.GetValue(dataset)!,
            result.GetValue(project), result.GetValue(feed) ?? ModelPackageBuilder.BundledFeed)));
        return command;
    }

    private static int Run(PackRequest request)
    {
        if ((PackageNames.IdProblem(request.Id) ?? PackageNames.ClassProblem(request.ClassName) ?? PackageNames.VersionProblem(request.Version)) is { } problem)
        {
            return Fail(problem);
        }

        var (model, error, exitCode) = ShippableModel.Open(request.Network, request.Model, request.Gamma, request.Certified, request.Dataset);
        if (model is null)
        {
            return Fail(error!, exitCode);
        }

        using (model)
        {
            if (ModelPackageBuilder.FindInference(request.Feed) is not { } inference)
            {
                return Fail($"no {ModelPackageBuilder.InferencePackage} package in '{request.Feed}'; build the CLI (it packs one beside lbdn) or pass --inference-feed with the folder of `dotnet pack Lbdn.Inference`.", 1);
            }

            if (WritableProblem(request.Output) is { } unwritable)
            {
                return Fail(unwritable);
            }

            try
            {
                _ = LbdnModel.Load(model.Path);
            }
            catch (InvalidDataException e)
            {
                return Fail($"Lbdn.Inference cannot load the frozen model: {e.Message}", 1);
            }

            var template = new ModelPackageTemplate(request.Id, request.ClassName, request.Version, ModelPackageBuilder.VersionOf(inference), model.File.Metadata);
            return Build(template, model.Path, inference, request);
        }
    }

    private static int Build(ModelPackageTemplate template, string weights, string inference, PackRequest request)
    {
        var work = Directory.CreateTempSubdirectory("lbdn-pack-").FullName;
        try
        {
            ModelPackageBuilder.WriteProject(template, weights, work);
            var packed = Path.Combine(work, "out");
            var (exitCode, output) = ModelPackageBuilder.Pack(work, template.ProjectFile, Path.GetDirectoryName(Path.GetFullPath(inference))!, packed);
            var package = $"{request.Id}.{request.Version}.nupkg";
            if (exitCode != 0 || !File.Exists(Path.Combine(packed, package)))
            {
                Console.Error.WriteLine(output);
                return Fail($"dotnet pack of the generated project failed (exit {exitCode}); its output is above.", 1);
            }

            var target = Path.Combine(request.Output, package);
            AtomicFile.Write(target, temporary => File.Copy(Path.Combine(packed, package), temporary));
            AtomicFile.Write(Path.Combine(request.Output, Path.GetFileName(inference)), temporary => File.Copy(inference, temporary));
            if (request.Project is not null)
            {
                ModelPackageBuilder.WriteProject(template, weights, request.Project);
            }

            Console.WriteLine($"Packed {template.Metadata.Name} (bound {template.Bound}) as {target}: class {request.Id}.{request.ClassName}, depends on {Path.GetFileNameWithoutExtension(inference)}, which is copied beside it.");
            Console.WriteLine($"Use it: dotnet add package {request.Id} --version {request.Version} --source {Path.GetFullPath(request.Output)}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write the package: {e.Message}", 1);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // Creates the folder and a probe file, so a read-only or misnamed --out fails before the long work.
    private static string? WritableProblem(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".lbdn-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write to --out '{folder}': {e.Message}";
        }
    }

    private static int Fail(string message, int exitCode = 2)
    {
        Console.Error.WriteLine($"lbdn pack: {message}");
        return exitCode;
    }

    private sealed record PackRequest(
        string? Model, string? Network, double? Gamma, string Id, string ClassName, string Version, string Output,
        string? Certified, string Dataset, string? Project, string Feed);
}
