#ifndef NNREPL_CDNNL_SHIM_H
#define NNREPL_CDNNL_SHIM_H
// Debian's libdnnl-dev (oneDNN 2.x) installs its C API under oneapi/dnnl/ and no pkg-config file.
#include <oneapi/dnnl/dnnl.h>
#endif
