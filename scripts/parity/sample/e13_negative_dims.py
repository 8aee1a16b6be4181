import torch

for bad in [lambda: torch.zeros(-1), lambda: torch.randn(2, -3), lambda: torch.arange(5)[::0],
            lambda: torch.cat([]), lambda: torch.ones(2).reshape(3)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
