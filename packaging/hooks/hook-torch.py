"""PyInstaller hook for torch, lighter than the stock one (replaces it through the spec's hookspath).

The stock hook adds every torch submodule as a hidden import, because torch imports some of
its modules by name at run time (torch._dynamo's polyfills, which every optimizer loads). We do
the same except for the parts a CPU app training small MLPs never runs: the compiler back end,
distributed training, export, quantization, test and benchmark utilities. Modules there that
the app's imports reach are still found by the ordinary analysis. The built app is checked by
tests/packaging/test_app_bundle.py.
"""

from PyInstaller.utils.hooks import PY_DYLIB_PATTERNS, collect_data_files, collect_dynamic_libs, collect_submodules

# torch reads some of its own sources at run time (inspect.getsource in decorators), so keep .py files too.
module_collection_mode = "pyz+py"
warn_on_missing_hiddenimports = False

_NOT_RUN = ("torch._inductor", "torch.distributed", "torch.testing._internal", "torch.onnx", "torch._export",
            "torch.export", "torch.ao", "torch.quantization", "torch.utils.benchmark", "torch.utils.tensorboard",
            "torch.utils.bottleneck", "torch._lazy", "torch.cuda", "torch.xpu", "torch.mtia", "torch.mps",
            "torch.backends.cuda", "torch.backends.mps", "torch.contrib")
hiddenimports = collect_submodules("torch", filter=lambda name: not name.startswith(_NOT_RUN))

# headers, CMake files, and torch's own C++ test programs (torch/test, torch/bin: 130 MB) are not needed to run
datas = [d for d in collect_data_files("torch", excludes=["**/*.h", "**/*.hpp", "**/*.cuh", "**/*.cpp", "**/*.pyi",
                                                          "**/*.cmake", "include/**", "share/**", "test/**"])
         if not d[1].startswith("torch/bin") or d[0].endswith("torch_shm_manager")]
# the *_test.so libraries are torch's own test fixtures
binaries = [b for b in collect_dynamic_libs("torch", search_patterns=PY_DYLIB_PATTERNS + ["*.so.*"])
            if "test" not in b[0].rsplit("/", 1)[-1]]
# symlinks from torch/lib into the top folder confuse torch's search for its own libraries
bindepend_symlink_suppression = ["**/torch/lib/*.so*"]
