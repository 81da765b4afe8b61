# Manager: a DictProxy has a dict's methods, and views come back as lists
from multiprocessing import Manager

if __name__ == "__main__":
    with Manager() as manager:
        d = manager.dict({"a": 1, "b": 2})
        d["c"] = 3
        print(len(d), "a" in d, "z" in d, d["b"], d.get("z"), d.get("z", 0))
        print(d.setdefault("d", 4), d.setdefault("a", 99))
        print(d.pop("b"), d.pop("b", "gone"), d.popitem())
        d.update({"e": 5}, f=6)
        print(d.keys(), d.values(), d.items())
        print(type(d.keys()).__name__, sorted(d), dict(d), d.copy())
        del d["a"]
        print(d)
        d.clear()
        print(d, len(d), bool(d))
        print(type(d).__name__)
