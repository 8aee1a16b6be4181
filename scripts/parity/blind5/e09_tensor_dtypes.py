import torch

double_points = torch.ones(10, 2, dtype=torch.double)
short_points = torch.tensor([[1, 2], [3, 4]], dtype=torch.short)
print(short_points.dtype, double_points.dtype)

double_points = torch.zeros(10, 2).double()
short_points = torch.ones(10, 2).short()
print(double_points.dtype, short_points.dtype)
print(torch.zeros(10, 2).to(torch.double).dtype)
print(torch.ones(10, 2).to(dtype=torch.short).dtype)

points_64 = torch.rand(5, dtype=torch.double)
points_short = points_64.to(torch.short)
print((points_64 * points_short).dtype)

a = torch.tensor([1, 2, 3])
print(a.dtype, (a / 2).dtype, (a // 2).dtype, (a * 2.5).dtype)
print(torch.tensor([True, False]).dtype, torch.tensor([1.5]).dtype)
print(torch.tensor(3).dtype, torch.tensor(3.0, dtype=torch.float16))
b = torch.arange(6, dtype=torch.uint8)
print(b, b - 10)
print(torch.tensor([1.7, -1.7, 2.5]).int())
print(torch.tensor([300]).to(torch.int8))
print(torch.get_default_dtype())
print(torch.finfo(torch.float32).eps, torch.iinfo(torch.int16).max)
print(torch.tensor([0.1, 0.2], dtype=torch.float64) + torch.tensor([0.1, 0.2]))
print(torch.tensor([1, 2]) + torch.tensor([0.5, 0.5], dtype=torch.float16))
