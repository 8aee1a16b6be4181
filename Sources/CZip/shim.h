#ifndef CZIP_SHIM_H
#define CZIP_SHIM_H
// libzip (Debian's libzip-dev): reads and writes the zip archives torch.save produces.
#include <zip.h>
#endif
