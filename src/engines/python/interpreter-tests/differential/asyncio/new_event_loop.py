# a new event loop runs until complete only when asked, and refuses to run once closed
import asyncio

loop = asyncio.new_event_loop()
print(loop.is_running(), loop.is_closed())


async def work():
    return asyncio.get_running_loop() is loop, loop.is_running()


print(loop.run_until_complete(work()))
print(loop.is_running())
loop.close()
print(loop.is_closed())
coroutine = work()
try:
    loop.run_until_complete(coroutine)
except RuntimeError as error:
    print(error)
coroutine.close()
loop.close()
