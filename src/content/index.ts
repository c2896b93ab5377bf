// placeholder: replaced by the lead
console.debug('content');
export {};
