# Source: 003_08008a52d1400c46.txt ("从0探索NLP——神经网络"), §4.4.2 梯度下降, the code block after
# "上代码" (linear regression by gradient descent), copied in its order and wording.
# The source text is flattened (as in formulas/003-linear-regression.toml): its newlines,
# indentation, docstring quotes and the characters '=', '+' and '<' were lost. They are restored
# here, and nothing else is changed or added (the comments keep the source's wording as flattened):
#   '=' in every assignment, '+' in `DATASET_SIZE + 1` and `x + 5`, '<' in the loop condition
#   (the comment says 小于, "less than"), the docstrings' quotes, line breaks and indentation.
# Checked by formulas/003-code.toml. Importing this file runs the descent loop (about 0.1 s).
import numpy as np
import random

# 数据集大小
DATASET_SIZE = 20
# 生成数据集
X = np.arange(1, DATASET_SIZE + 1)
Y = np.array([random.randint(max(0, x - 5), min(DATASET_SIZE, x + 5)) for x in X])
# 将原本的X数组变成向量再把向量变成带个常数1的X矩阵
VEX_X = X.reshape((DATASET_SIZE, 1))
VEC_1 = np.ones((DATASET_SIZE, 1))
MATRIX_X = np.hstack((VEX_X, VEC_1))
# 将原本的Y数组变成向量
VEC_Y = Y.reshape((DATASET_SIZE, 1))
# 定义学习率
ALPHA = 0.01
# 初始化系数矩阵
MATRIX_THETA = np.array([1, 1]).reshape(2, 1)


def loss(theta_matrix, x_matrix, y_vec):
    """损失函数"""
    diff = np.dot(x_matrix, theta_matrix) - y_vec
    return (1. / 2 * DATASET_SIZE) * np.dot(np.transpose(diff), diff)


def loss_gradient(theta_matrix, x_matrix, y_vec):
    """损失函数的梯度"""
    diff = np.dot(x_matrix, theta_matrix) - y_vec
    return (1. / DATASET_SIZE) * np.dot(np.transpose(x_matrix), diff)


# 损失函数的梯度下降
# 初始梯度
gradient = loss_gradient(MATRIX_THETA, MATRIX_X, VEC_Y)
theta = MATRIX_THETA
# 假设认为梯度小于0.00001时就进入谷底了
while not np.all(np.absolute(gradient) < 1e-5):
    theta = theta - ALPHA * gradient
    gradient = loss_gradient(theta, MATRIX_X, VEC_Y)
print(theta)
