a = tensor([[1, 2, 3]])
b = tensor([1, 2])
c = a + b   # expect error col 5: cannot add tensors of shapes (1, 3) and (2,): axis 1 has extents 3 and 2; extents must be equal or one of them 1
