// `ng serve` proxy: /rtdserver (HTTP and WebSocket) to the RTD Server. `npm start` sets RTD_TARGET to the
// embedded emulator, or to https://$TVOX_HOST when that is given. Self-signed certificates are accepted:
// TVox hosts on a LAN often have one.
const target = process.env.RTD_TARGET ?? (process.env.TVOX_HOST ? `https://${process.env.TVOX_HOST}` : 'http://127.0.0.1:4000');

export default {
  '/rtdserver': {
    target,
    ws: true,
    changeOrigin: true,
    secure: false,
    // Cookies set by the server must stick to the dev server's origin.
    cookieDomainRewrite: '',
  },
};
