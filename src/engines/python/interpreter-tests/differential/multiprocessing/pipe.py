# the two ends of a Pipe carry objects both ways
import multiprocessing as mp


def echo(conn):
    while (message := conn.recv()) is not None:
        conn.send(message.upper())


if __name__ == "__main__":
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    replies = []
    for word in ("one", "two"):
        parent.send(word)
        replies.append(parent.recv())
    parent.send(None)
    p.join()
    print(replies)
