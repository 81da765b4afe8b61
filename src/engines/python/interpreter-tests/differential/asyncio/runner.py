# asyncio.Runner runs several coroutines on one loop and closes it at the end
import asyncio


async def loop_id():
    return id(asyncio.get_running_loop())


with asyncio.Runner() as runner:
    first = runner.run(loop_id())
    second = runner.run(loop_id())
    loop = runner.get_loop()
    print(first == second == id(loop), loop.is_running(), loop.is_closed())
print(loop.is_closed())
coroutine = loop_id()
try:
    runner.run(coroutine)
except RuntimeError as error:
    print(error)
coroutine.close()
