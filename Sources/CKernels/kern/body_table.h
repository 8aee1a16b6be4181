// The instance's entry points, handed to the dispatcher.
const struct nk_kernels NK(kernels_table) = {
    .lanes = VL,
    .inner_sum = NK(inner_sum),
    .outer_sum = NK(outer_sum),
    .reduce_all_add = NK(reduce_all_add),
    .reduce_all_max = NK(reduce_all_max),
    .sigmoid = NK(sigmoid),
    .log1p = NK(log1p),
    .pow = NK(pow),
    .pow_scalar = NK(pow_scalar),
    .exp_u20_map = NK(exp_u20_map),
};
