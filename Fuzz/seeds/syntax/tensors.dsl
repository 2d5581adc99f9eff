t = tensor([[1, 2, 3], [4, 5, 6]])
print(t.shape, t.rank, t.size, shape(t), len(t))   # expect: (2, 3) 2 6 (2, 3) 2
print(t[1])          # expect: tensor([4, 5, 6], shape=(3,))
print(t[1, 2], t[-1, 0])                            # expect: 6 4
print(t[0:1].shape, t[:, 1], t[:, 1:].shape)       # expect: (1, 3) tensor([2, 5], shape=(2,)) (2, 2)
print(t * 2 - 1)
# expect: tensor([[1, 3, 5],
# expect:         [7, 9, 11]], shape=(2, 3))
print(t + tensor([10, 20, 30]))
# expect: tensor([[11, 22, 33],
# expect:         [14, 25, 36]], shape=(2, 3))
print(1 / tensor([2, 4]), tensor([2, 3]) ** 2, -tensor([1]))  # expect: tensor([0.5, 0.25], shape=(2,)) tensor([4, 9], shape=(2,)) tensor([-1], shape=(1,))
print(t > 2)
# expect: tensor([[0, 0, 1],
# expect:         [1, 1, 1]], shape=(2, 3))
print(mean(tensor([1, 2, 3]) == tensor([1, 0, 3])))  # expect: 0.6666667
print(sum(t), sum(t, axis: 0), mean(t, axis: 1))    # expect: 21 tensor([5, 7, 9], shape=(3,)) tensor([2, 5], shape=(2,))
print(max(t), min(t), max(t, axis: 0), argmax(tensor([3, 9, 2])))  # expect: 6 1 tensor([4, 5, 6], shape=(3,)) 1
print(argmax(t, axis: 0), t.argmax())               # expect: tensor([1, 1, 1], shape=(3,)) tensor([2, 2], shape=(2,))
print(t.reshape(3, -1).shape, t.reshape((1, 6)).shape)  # expect: (3, 2) (1, 6)
print(zeros(2, 2), ones((1, 3)), flatten(t).shape)  # expect: tensor([[0, 0],
# expect:         [0, 0]], shape=(2, 2)) tensor([[1, 1, 1]], shape=(1, 3)) (6,)
print(matmul(t, transpose(t)))
# expect: tensor([[14, 32],
# expect:         [32, 77]], shape=(2, 2))
print(concat([t, t]).shape, clip(t, 2, 4)[0], abs(tensor([-1.5])))  # expect: (4, 3) tensor([2, 2, 3], shape=(3,)) tensor([1.5], shape=(1,))
print(exp(0), log(tensor([1])), sqrt(16))           # expect: 1 tensor([0], shape=(1,)) 4
print(type(t), tensor(5), tensor([[1], [2]]).shape)  # expect: tensor 5 (2, 1)
