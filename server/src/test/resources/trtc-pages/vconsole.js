/* Stand-in for vConsole (https://cdn.bootcss.com/vConsole/...), a debugging panel the pages open on a click. */
window.VConsole = class VConsole {};
