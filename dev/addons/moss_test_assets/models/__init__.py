from . import ir_qweb
