/** Error bodies in each service's own shape, as the real services send them. */
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 406: 'Not Acceptable', 500: 'Internal Server Error', 503: 'Service Unavailable' };
const NOVA_KEYS: Record<number, string> = { 400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound', 406: 'notAcceptable', 500: 'computeFault', 503: 'serviceUnavailable' };

export function keystoneError(status: number, message: string) {
  return { error: { code: status, message, title: TITLES[status] ?? 'Error' } };
}

export function novaError(status: number, message: string) {
  return { [NOVA_KEYS[status] ?? 'computeFault']: { code: status, message } };
}

export function placementError(status: number, detail: string, requestId: string) {
  return { errors: [{ status, title: TITLES[status] ?? 'Error', detail, request_id: requestId }] };
}

export const UNAUTHENTICATED = 'The request you have made requires authentication.';
