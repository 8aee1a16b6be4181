import torch

points = torch.tensor([[4.0, 1.0], [5.0, 3.0], [2.0, 1.0]])
print(points)
print(points.storage_offset(), points.size(), points.stride())

second_point = points[1]
print(second_point.storage_offset())
print(second_point.size(), second_point.stride())

points_t = points.t()
print(points_t)
print(points_t.stride())
print(points.is_contiguous(), points_t.is_contiguous())
print(points.untyped_storage().data_ptr() == points_t.untyped_storage().data_ptr())

some_t = torch.ones(3, 4, 5)
transpose_t = some_t.transpose(0, 2)
print(some_t.shape, transpose_t.shape)
print(some_t.stride(), transpose_t.stride())

points_t_cont = points_t.contiguous()
print(points_t_cont)
print(points_t_cont.stride())

second_point = points[1].clone()
second_point[0] = 10.0
print(points)
alias = points[1]
alias[0] = 10.0
print(points)
print(points.numel(), points.element_size(), points.nbytes)
