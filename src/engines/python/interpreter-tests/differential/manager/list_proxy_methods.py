# Manager: a ListProxy has a list's methods, and slices and operators give plain lists
from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as manager:
        l = manager.list([3, 1, 2])
        l.append(5)
        l.extend([4, 4])
        l.insert(0, 9)
        print(l, len(l), l[0], l[-1], l[1:3], 4 in l)
        print(l.index(5), l.count(4), l.pop(), l.pop(0))
        l.remove(1)
        l.sort()
        print(l)
        l.reverse()
        l[0] = "first"
        print(l)
        l += [7]
        l *= 2
        print(l)
        print(l + [0], type(l + [0]).__name__, l * 1 == l[:])
        del l[2:]
        print(l, list(l), type(l).__name__)
