from ipykernel.kernelapp import IPKernelApp
from .kernel import DockyardKernel
IPKernelApp.launch_instance(kernel_class=DockyardKernel)
