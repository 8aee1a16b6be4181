#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
// zlib (Debian's zlib1g-dev): reads the gzip-compressed data files scikit-learn ships.
#include <zlib.h>
#endif
