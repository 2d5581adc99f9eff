import CamLabData
import Testing
@testable import CamLabKernel

@Test func kernelSpecStartsTheWrapperFromItsOwnFolderWithSignalInterrupts() throws {
    let spec = try JSON.parse(Array(KernelSpec.kernelJSON(python: "/venv/bin/python", camlab: "/opt/camlab").utf8)[...])
    #expect(spec["argv"] == .array([.string("/venv/bin/python"), .string("{resource_dir}/camlab_kernel.py"),
                                    .string("-f"), .string("{connection_file}")]))
    #expect(spec["language"]?.string == "camlab" && spec["display_name"]?.string == "CamLab")
    #expect(spec["interrupt_mode"]?.string == "signal")
    #expect(spec["env"]?["CAMLAB_EXECUTABLE"]?.string == "/opt/camlab")
}

@Test func theWrapperOnlyRelaysTypedEvents() {
    // The wrapper must never read CamLab's text: every line it reads is parsed as JSON, and it speaks to
    // ipykernel's Kernel base class, not to ZeroMQ.
    let source = WrapperKernel.source
    #expect(source.contains("from ipykernel.kernelbase import Kernel"))
    #expect(source.contains("json.loads(line)"))
    #expect(!source.contains("import zmq"))
    #expect(source.contains("start_new_session=True"))
}

@Test func theLogoIsASquarePicture() throws {
    let logo = try KernelSpec.logo(size: 64)
    #expect(logo.width == 64 && logo.height == 64 && logo.channels == 3)
}
