// Every kernel body, compiled once per instruction set by kern_<isa>.c with NK(name) naming
// the instance and the vector layer (vec_<isa>.h) defining V, VL and the v_* operations.
#include "body_reduce.h"
#include "body_unary.h"
#include "body_softmax.h"
#include "body_backward.h"
#include "body_elementwise.h"
#include "body_norm.h"
#include "body_batchnorm.h"
#include "body_table.h"
