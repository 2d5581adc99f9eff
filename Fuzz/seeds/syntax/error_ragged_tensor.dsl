# A ragged list names the rows that differ.
tensor([[1, 2], [3]])   # expect error col 8: tensor: 'values' cannot become a tensor; the rows of a list are ragged: item 0 has shape (2,), item 1 has shape (1,)
