#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H
// <histedit.h> uses FILE without including <stdio.h> itself.
#include <stdio.h>
#include <histedit.h>
#endif
